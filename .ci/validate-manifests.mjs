// Validates every Kubernetes manifest under k8s/ against the JSON schemas shipped with
// kubernetes-models (core API) and its CRD packages (Prometheus Operator, Strimzi), and the
// interface documents under docs/ with their own parsers. Run by .ci/validate-manifests.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

const root = new URL("..", import.meta.url).pathname;
let failures = 0;
let checked = 0;

// apiVersion -> the module exporting its kinds (as classes with validate()).
function moduleFor(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  if (group.endsWith("strimzi.io")) return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}`;
  return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

const k8sDir = join(root, "k8s");
for (const file of readdirSync(k8sDir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = yaml.loadAll(readFileSync(join(k8sDir, file), "utf8")).filter((d) => d != null);
  for (const doc of docs) {
    const where = `k8s/${file}: ${doc.kind}/${doc.metadata?.name}`;
    checked++;
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      console.error(`FAIL ${where}: apiVersion, kind and metadata.name are required`);
      failures++;
      continue;
    }
    let Kind;
    try {
      Kind = (await import(moduleFor(doc.apiVersion)))[doc.kind];
    } catch (e) {
      Kind = undefined;
    }
    if (!Kind) {
      console.error(`FAIL ${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      failures++;
      continue;
    }
    try {
      new Kind(doc).validate();
      console.log(`ok   ${where} (${doc.apiVersion})`);
    } catch (e) {
      console.error(`FAIL ${where}: ${e.message}`);
      failures++;
    }
  }
}

// Interface descriptions (docs/), when present.
const openapi = join(root, "docs", "openapi.yaml");
if (existsSync(openapi)) {
  const SwaggerParser = (await import("@apidevtools/swagger-parser")).default;
  checked++;
  try {
    await SwaggerParser.validate(openapi);
    console.log("ok   docs/openapi.yaml (OpenAPI, swagger-parser)");
  } catch (e) {
    console.error(`FAIL docs/openapi.yaml: ${e.message}`);
    failures++;
  }
}
const asyncapi = join(root, "docs", "asyncapi.yaml");
if (existsSync(asyncapi)) {
  const { Parser } = await import("@asyncapi/parser");
  checked++;
  const { diagnostics } = await new Parser().parse(readFileSync(asyncapi, "utf8"), { source: asyncapi });
  // Severity 0 is an error; 1-3 are warnings, hints and information.
  const errors = diagnostics.filter((d) => d.severity === 0);
  for (const d of diagnostics) {
    console[d.severity === 0 ? "error" : "log"](`${d.severity === 0 ? "FAIL" : "note"} docs/asyncapi.yaml ${d.path?.join(".")}: ${d.message}`);
  }
  if (errors.length) {
    failures++;
  } else {
    console.log("ok   docs/asyncapi.yaml (AsyncAPI, @asyncapi/parser)");
  }
}

console.log(`validate-manifests: ${checked} documents checked, ${failures} failed`);
process.exit(failures ? 1 : 0);
