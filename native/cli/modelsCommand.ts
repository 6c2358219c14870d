import { LecternError } from '../api/errors.js';
import { readFileSync } from 'node:fs';
import type { CatalogModel, CommandArgs } from '../api/commands.js';
import type { ModelRecord } from '../api/types.js';
import type { Engine } from '../engine.js';
import { formatBytes } from '../formatBytes.js';
import type { GgufModelInfo } from '../llm/readModelInfo.js';
import { DownloadProgressBar } from './DownloadProgressBar.js';

export const MODELS_USAGE = `  lectern models add <file.gguf|hf:owner/repo/file.gguf|https://…>
                                         register a model file in place, or download one (resumable)
  lectern models list                    the models you have added
  lectern models inspect <id|path>       a model's GGUF metadata, read without loading it
  lectern models remove <id>             forget a model (deletes it only if Lectern downloaded it)
  lectern models catalog                 recommended models to download
  lectern models add-server <name> --url URL [--model M] [--api-key-file F] [--timeout S] [--yes-insecure]
                                         register an OpenAI-compatible inference server (llama-server, vLLM,
                                         Ollama, LM Studio); documents are sent to it when it answers.
                                         --yes-insecure: allow plain http:// to another machine`;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

/** `lectern models <subcommand> …`; returns the exit code, throws LecternError for the caller to print. */
export async function runModelsCommand(open: () => Engine, args: string[], io: Io, json: boolean): Promise<number> {
  const [sub, ...rest] = args;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  switch (sub) {
    case 'add': {
      const pathOrUri = single(rest, 'lectern models add needs one file path or model address.');
      return await add(open(), pathOrUri, io, json);
    }
    case 'list': {
      if (rest.length > 0) throw usage('lectern models list takes no arguments.');
      const { models } = await open().invoke('models:list', {});
      if (json) out(JSON.stringify({ models }));
      else if (models.length === 0) out('No models yet. Add a .gguf file with `lectern models add <file>`, or pick one from `lectern models catalog`.');
      else for (const m of models) out(describeRecord(m));
      return 0;
    }
    case 'inspect': {
      const idOrPath = single(rest, 'lectern models inspect needs one model id or file path.');
      const info = (await open().invoke('models:inspect', { idOrPath })) as GgufModelInfo;
      out(json ? JSON.stringify(info) : describeInfo(info));
      return 0;
    }
    case 'remove': {
      const id = single(rest, 'lectern models remove needs one model id.');
      const result = await open().invoke('models:remove', { id });
      if (json) out(JSON.stringify(result));
      else out(`Removed ${result.removed}${result.deletedFile ? ' and deleted its downloaded file' : ' (its file stays where it is)'}.`);
      return 0;
    }
    case 'add-server': {
      const { model } = await open().invoke('models:addServer', serverArgs(rest));
      if (json) out(JSON.stringify({ model }));
      else
        out(
          `✓ Added ${describeRecord(model)}\n  Ask with \`lectern ask … --model ${model.id}\` or choose it in the app's Models screen; questions are then answered on ${new URL(model.server!.baseUrl).hostname}.`,
        );
      return 0;
    }
    case 'catalog': {
      if (rest.length > 0) throw usage('lectern models catalog takes no arguments.');
      const { models } = await open().invoke('models:catalog', {});
      if (json) out(JSON.stringify({ models }));
      else for (const m of models) out(describeCatalogModel(m));
      return 0;
    }
    default:
      throw usage(sub ? `Unknown models command "${sub}".` : 'lectern models needs a command: add, add-server, list, inspect, remove or catalog.');
  }
}

async function add(engine: Engine, pathOrUri: string, io: Io, json: boolean): Promise<number> {
  const bar = !json && io.stdout.isTTY ? new DownloadProgressBar(io.stdout) : null;
  // Ctrl-C stops a download cleanly: the .part stays and the same command resumes it.
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const { model, duplicate } = await engine.invoke('models:add', { pathOrUri }, { signal: controller.signal, onProgress: (p) => bar?.update(p) });
    bar?.clear();
    if (json) io.stdout.write(`${JSON.stringify({ model, duplicate })}\n`);
    else if (duplicate) io.stdout.write(`= ${model.path} is already added as ${model.id} "${model.name}".\n`);
    else io.stdout.write(`✓ Added ${describeRecord(model)}\n`);
    return 0;
  } catch (error) {
    bar?.clear();
    if (error instanceof LecternError && error.code === 'CANCELLED') {
      if (json) io.stdout.write(`${JSON.stringify({ error: error.toInfo() })}\n`);
      else io.stderr.write(`${error.message}\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * `add-server` arguments. The key comes from a file (never the command line, where shell history
 * and the process list would show it); the file's first line is the key.
 */
function serverArgs(rest: string[]): CommandArgs<'models:addServer'> {
  const names: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--yes-insecure') flags.set(arg, true);
    else if (['--url', '--model', '--api-key-file', '--timeout'].includes(arg)) {
      const value = rest[++i];
      if (value === undefined) throw usage(`${arg} needs a value.`);
      flags.set(arg, value);
    } else if (arg.startsWith('--')) throw usage(`Unknown option ${arg} for lectern models add-server.`);
    else names.push(arg);
  }
  if (names.length !== 1) throw usage('lectern models add-server needs one name, like: lectern models add-server gpu-box --url http://gpu-box.local:8080');
  const url = flags.get('--url');
  if (typeof url !== 'string') throw usage('lectern models add-server needs --url, the server address (like http://127.0.0.1:8080).');
  const keyFile = flags.get('--api-key-file');
  let apiKey: string | undefined;
  if (typeof keyFile === 'string') {
    try {
      apiKey = readFileSync(keyFile, 'utf8').split(/\r?\n/)[0]!.trim();
    } catch (error) {
      throw new LecternError('FILE_UNREADABLE', `Cannot read the API key file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    if (!apiKey) throw new LecternError('INVALID_ARGUMENT', `The API key file ${keyFile} is empty: put the key on its first line.`);
  }
  const timeout = flags.get('--timeout');
  const timeoutSeconds = typeof timeout === 'string' ? Number(timeout) : undefined;
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) throw usage('--timeout is a whole number of seconds.');
  const model = flags.get('--model');
  return {
    name: names[0]!,
    baseUrl: url,
    ...(typeof model === 'string' ? { model } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(flags.has('--yes-insecure') ? { confirmedInsecure: true } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

function describeRecord(m: ModelRecord): string {
  if (m.server) {
    const facts = ['inference server', m.server.model ? `model ${m.server.model}` : "the server's model", m.server.hasKey ? 'API key stored' : 'no API key'];
    return `${m.id}  ${m.name}  (${facts.join(' · ')})\n  ${m.server.baseUrl}`;
  }
  const facts = [
    m.architecture,
    m.parameters === null ? null : `${formatCount(m.parameters)} parameters`,
    `trained context ${m.trainContextSize.toLocaleString('en-US')}`,
    m.kind,
    formatBytes(m.fileBytes),
  ];
  return `${m.id}  ${m.name}  (${facts.filter((f) => f !== null).join(' · ')})\n  ${m.path}`;
}

function describeInfo(i: GgufModelInfo): string {
  const rope = i.ropeScaling.type === 'none' ? 'none' : `${i.ropeScaling.type} ×${i.ropeScaling.factor} from ${i.ropeScaling.originalContextSize.toLocaleString('en-US')}`;
  const shape = [
    i.layers === null ? null : `${i.layers} layers`,
    i.embeddingLength === null ? null : `embedding ${i.embeddingLength}`,
    i.headCount === null ? null : `${i.headCount} heads${i.headCountKv !== null && i.headCountKv !== i.headCount ? ` (${i.headCountKv} KV)` : ''}`,
  ].filter((s) => s !== null);
  return [
    `${i.name ?? '(no name)'}  (${i.architecture}, ${i.kind})`,
    `  parameters       ${i.parameters === null ? 'unknown' : `${i.parameters.toLocaleString('en-US')} (${formatCount(i.parameters)})`}`,
    `  trained context  ${i.trainContextSize.toLocaleString('en-US')} tokens`,
    `  RoPE scaling     ${rope}`,
    `  shape            ${shape.length > 0 ? shape.join(' · ') : 'unknown'}`,
    `  chat template    ${i.chatTemplate === null ? 'none' : `${i.chatTemplate.length.toLocaleString('en-US')} characters`}`,
    `  file             ${formatBytes(i.fileBytes)}`,
  ].join('\n');
}

function describeCatalogModel(m: CatalogModel): string {
  return `${m.name}  (${m.parameters} · ${m.kind} · trained context ${m.trainContextSize.toLocaleString('en-US')} · about ${formatBytes(m.sizeBytes)} · ${m.license})\n  ${m.description}\n  lectern models add ${m.uri}`;
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}

function single(rest: string[], message: string): string {
  if (rest.length !== 1) throw usage(message);
  return rest[0]!;
}
