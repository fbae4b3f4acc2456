// imaudit for VS Code: starts `imaudit lsp` (the rules' findings as diagnostics while a record
// is edited, with hover, completion and quick fixes) for the TOML and CSV files of a records
// folder. The server finds the records folder from the workspace (records/, or the folder
// holding county.toml) and leaves other files alone.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command =
    vscode.workspace.getConfiguration("imaudit").get<string>("path") || "imaudit";
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", pattern: "**/*.toml" },
      { scheme: "file", pattern: "**/*.csv" },
    ],
    // Saves made outside the editor (git pull, imaudit new) are read again too.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{toml,csv}"),
    },
  };
  client = new LanguageClient("imaudit", "imaudit", serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `無法啟動 imaudit lsp（${command}）：請安裝 imaudit，或在設定 imaudit.path 指定執行檔。`
    );
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
