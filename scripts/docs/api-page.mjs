// One API's reference page: Scalar's API reference (MIT, `@scalar/api-reference`, its standalone
// browser bundle served from the site itself) over the bundled description, with a curl and a
// typed-client sample on every operation and a "Test Request" console whose requests go to the
// reader's local sandbox or mock, the demo client's credentials pre-filled.
import { codeSamples, localServerUrl, sampleCredentials } from "./code-samples.mjs";
import { escapeHtml, siteStyle } from "./html.mjs";

export const apiPageFile = (apiName) => `${apiName}.html`;
/** Where the build puts Scalar's bundle; the version is in the name, so a cached copy never goes stale. */
export const scalarBundleFile = (version) => `assets/scalar-api-reference-${version}.js`;

// Scalar routes to an operation by `#tag/<tag slug>/<METHOD><path>` and to a schema by `#model/<name slug>`.
const slug = (text) => text.toLowerCase().trim().replace(/[^\w]+/g, "-").replace(/^-|-$/g, "");
export const operationHref = (apiName, { tag, method, path }) => `${apiPageFile(apiName)}#tag/${slug(tag)}/${method}${path}`;
export const schemaHref = (apiName, schemaName) => `${apiPageFile(apiName)}#model/${slug(schemaName)}`;

/** Every parameter the console should fill in has a value: a `const`, default or enum without an example gets it as `example`. */
function withConsoleExamples(parameters) {
  return parameters?.map((parameter) => {
    if (parameter.$ref || parameter.example !== undefined || parameter.examples) return parameter;
    const value = parameter.schema?.const ?? parameter.schema?.default ?? parameter.schema?.enum?.[0];
    return value === undefined ? parameter : { ...parameter, example: value };
  });
}

/** The description as the page renders it: `x-codeSamples` on every operation, console defaults on parameters. */
export function renderedDocument({ name, document, operations }) {
  const paths = structuredClone(document.paths);
  for (const operation of operations) {
    const described = paths[operation.path][operation.method.toLowerCase()];
    described["x-codeSamples"] = codeSamples(name, document, operation);
    described.parameters = withConsoleExamples(described.parameters);
  }
  for (const pathItem of Object.values(paths)) pathItem.parameters = withConsoleExamples(pathItem.parameters);
  const components = structuredClone(document.components ?? {});
  for (const [key, parameter] of Object.entries(components.parameters ?? {})) components.parameters[key] = withConsoleExamples([parameter])[0];
  return { ...document, paths, components };
}

/**
 * The console's servers: the reader's local sandbox or mock first, then the others the description
 * lists. A sandbox on other ports is named in the page's address:
 * `gini-api.html?server=http://127.0.0.1:5011`. (Scalar 1.44's console ignores server variables
 * edited on the page, so the port is not made a variable.)
 */
function consoleServers(document) {
  const local = localServerUrl(document);
  return [{ url: local, description: "Your local sandbox (npm run sandbox) or mock (npm start)" }, ...document.servers.filter(({ url }) => !url.startsWith("http://127.0.0.1:"))];
}

/** Scalar's `authentication`: every scheme the samples use, pre-filled; the operation's first requirement preferred. */
function consoleAuthentication(document) {
  const schemes = Object.keys(document.components?.securitySchemes ?? {}).filter((scheme) => scheme in sampleCredentials);
  const securitySchemes = Object.fromEntries(
    schemes.map((scheme) => {
      const { basic, bearer, header } = sampleCredentials[scheme];
      if (basic) return [scheme, { username: basic[0], password: basic[1] }];
      if (bearer) return [scheme, { token: bearer }];
      return [scheme, { value: header[1] }];
    }),
  );
  const firstRequirement = Object.values(document.paths)
    .flatMap((pathItem) => Object.values(pathItem))
    .find((operation) => operation?.security?.length)?.security.find((requirement) => Object.keys(requirement).every((scheme) => scheme in securitySchemes));
  const preferred = firstRequirement ? Object.keys(firstRequirement) : [];
  return { preferredSecurityScheme: preferred.length > 1 ? [preferred] : preferred[0], securitySchemes };
}

/** Inside a `<script>`, `</script>` or `<!--` in a description must not end or comment out the script. */
const scriptJson = (value) => JSON.stringify(value).replaceAll("<", "\\u003c");

/**
 * @param {{ name: string, document: any, operations: any[] }} api
 * @param {{ bundleVersion: string, examplesConfigFile: string }} site
 */
export function renderApiPage(api, { bundleVersion, examplesConfigFile }) {
  const { name, document } = api;
  const configuration = {
    content: renderedDocument(api),
    servers: consoleServers(document),
    authentication: consoleAuthentication(document),
    // Only the samples above, which the tests run; Scalar's generated snippets are not checked.
    hiddenClients: true,
    // Offline: no fonts from Scalar's CDN, no AI agent or registry calls, no telemetry.
    withDefaultFonts: false,
    agent: { disabled: true },
    telemetry: false,
    showDeveloperTools: "never",
    documentDownloadType: "json",
    // Scalar hides credentials in samples; the demo client's are documented, not secret.
    customCss: ".scalar-app .credential .credential-value{color:inherit;font-size:inherit}.scalar-app .credential:after{content:none}",
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<link rel="icon" href="data:,">
<style>${siteStyle.banner}</style>
</head>
<body>
<nav class="docs-banner"><a href="index.html">← All APIs, guides and search</a>
<span>Try it: start <code>npm run sandbox</code> (or <code>npm start</code>), then "Test Request" on any operation; for other ports add <code>?server=http://127.0.0.1:&lt;port&gt;</code> to this page's address. The samples run as written against <code>npm run sandbox -- --config dist/docs/${escapeHtml(examplesConfigFile)}</code> (the demo client and the examples' users, tokens and documents).</span></nav>
<div id="reference"></div>
<script src="${scalarBundleFile(bundleVersion)}"></script>
<script>
const configuration = ${scriptJson(configuration)};
const server = new URLSearchParams(window.location.search).get("server");
if (server) configuration.servers.unshift({ url: server, description: "Named in the page's address (?server=)" });
Scalar.createApiReference("#reference", configuration);
</script>
</body>
</html>
`;
}
