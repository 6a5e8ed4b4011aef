// VS Code's editor component (Monaco) with the YAML language server that VS Code's YAML
// extension uses (monaco-yaml bundles yaml-language-server), given the portal's JSON Schemas.
// The screenshot script (shoot.py) sets window.PORTAL_SCENARIO before this runs.
import * as monaco from "monaco-editor";
import { configureMonacoYaml } from "monaco-yaml";

window.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    if (label === "yaml") {
      return new Worker(new URL("./node_modules/monaco-yaml/yaml.worker.js", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("./node_modules/monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), {
      type: "module",
    });
  },
};

const scenario = window.PORTAL_SCENARIO;
configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  format: false,
  schemas: scenario.schemas,
});

document.getElementById("bar").textContent = scenario.title;
const model = monaco.editor.createModel(scenario.text, "yaml", monaco.Uri.parse(scenario.uri));
const editor = monaco.editor.create(document.getElementById("editor"), {
  model,
  theme: "vs",
  fontSize: 15,
  lineHeight: 22,
  fontFamily: "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace",
  minimap: { enabled: false },
  automaticLayout: true,
  scrollBeyondLastLine: false,
  hover: { delay: 0, sticky: true },
});

function showProblems() {
  const markers = monaco.editor.getModelMarkers({ resource: model.uri });
  const list = document.querySelector("#problems ul");
  list.replaceChildren(
    ...markers.map((m) => {
      const li = document.createElement("li");
      li.className = `sev-${m.severity}`;
      li.append(m.message.split("\n")[0] + " ");
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = `[行 ${m.startLineNumber}，列 ${m.startColumn}]`;
      li.append(where);
      return li;
    }),
  );
  return markers.length;
}

window.portal = { monaco, editor, model, showProblems };
