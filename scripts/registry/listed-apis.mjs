// The one list of APIs is redocly.yaml: each entry whose root is an `openapi.yaml` is an API, and
// the Arazzo entries in its folder are its workflows. Only the generator reads it; everything
// else imports generated/apis.ts.
import { loadConfig } from "@redocly/openapi-core";

export async function listedApis() {
  const config = await loadConfig({ configPath: "redocly.yaml" });
  const entries = Object.entries(config.apis).map(([name, { root }]) => ({ name, root }));
  const workflows = entries.filter(({ root }) => root.endsWith(".arazzo.yaml"));
  return entries
    .filter(({ root }) => root.endsWith("/openapi.yaml"))
    .map(({ name, root }) => {
      const folder = root.slice(0, -"openapi.yaml".length);
      return { name, root, workflows: workflows.filter((workflow) => workflow.root.startsWith(folder)).map((workflow) => ({ name: workflow.name, path: workflow.root })) };
    });
}
