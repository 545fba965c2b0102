// Loaded before the app on the CSP page: records whether the page's policy refuses eval, so the
// test knows the policy is in force for the app's own code.
try {
  new Function("return 1");
  globalThis.codeGeneration = "allowed";
} catch (error) {
  globalThis.codeGeneration = error.name;
}
