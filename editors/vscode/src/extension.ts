// The factline extension: starts `factline lsp` for Markdown notes and `.facts` files.

import * as fs from "fs";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { Settings, asOfEdit, initializationOptions, isDate, resolveServerPath } from "./config";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

function settings(): Settings {
  const c = vscode.workspace.getConfiguration("factline");
  return {
    serverPath: c.get<string>("server.path"),
    asOf: c.get<string>("asOf"),
    facts: c.get<string[]>("facts"),
    defaultFacts: c.get<boolean>("defaultFacts"),
    severity: c.get<Record<string, string>>("severity"),
  };
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

async function start(): Promise<void> {
  const s = settings();
  const command = resolveServerPath(s.serverPath, process.env.PATH, folders(), (f) => fs.existsSync(f));
  if (!command) {
    void vscode.window.showErrorMessage(
      "factline: no server found. Install it (cargo install --path .) or set factline.server.path.",
    );
    return;
  }
  const { options, problems } = initializationOptions(s);
  for (const p of problems) {
    void vscode.window.showWarningMessage(p);
  }
  const server: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "facts" },
    ],
    initializationOptions: options,
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.facts,factline.toml}"),
    },
  };
  client = new LanguageClient("factline", "factline", server, clientOptions);
  await client.start();
}

async function restart(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
  await start();
}

async function setAsOf(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const date = await vscode.window.showInputBox({
    prompt: "Check this note as of (YYYY, YYYY-MM or YYYY-MM-DD)",
    value: today,
    validateInput: (v) => (isDate(v) ? undefined : "Expected YYYY, YYYY-MM or YYYY-MM-DD"),
  });
  if (!date) {
    return;
  }
  const doc = editor.document;
  const lines = doc.getText().split(/\r?\n/);
  const edit = asOfEdit(lines, date.trim());
  await editor.edit((b) => {
    if (edit.replace) {
      b.replace(doc.lineAt(edit.line).range, edit.text);
    } else {
      b.insert(new vscode.Position(edit.line, 0), edit.text);
    }
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("factline");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("factline.restartServer", restart),
    vscode.commands.registerCommand("factline.showOutput", () => output.show()),
    vscode.commands.registerCommand("factline.setAsOf", setAsOf),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("factline")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
