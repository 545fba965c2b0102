// The APIs this project describes, as named in redocly.yaml, with the local mock port of each.
export const apis = [
  { name: "user-center", title: "Gini User Center API", portVariable: "USER_CENTER_PORT", defaultPort: 4010 },
  { name: "gini-api", title: "Gini API", portVariable: "GINI_API_PORT", defaultPort: 4011 },
  { name: "innodata", title: "Innodata authentication API", portVariable: "INNODATA_PORT", defaultPort: 4012 },
];

export const bundledDocumentPath = (apiName) => `generated/${apiName}.openapi.json`;
export const typesPath = (apiName) => `generated/${apiName}.ts`;
