// The one function of flow-remove-types (it ships no types) that react-native-url.ts uses.
declare module "flow-remove-types" {
  export default function flowRemoveTypes(source: string, options?: { all?: boolean }): { toString(): string };
}
