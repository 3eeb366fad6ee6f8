// A throw-away VS Code for tests: code-server (installed by setup.sh) with fresh user data, and
// headless Chromium driven by playwright-core. Shared by the extension-host runner and the UI test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useLanguagePack } from './language-pack.mjs';

const CODE_SERVER_VERSION = '4.100.3';
const CACHE_DIR = process.env.KUBE_AEGIS_VSCODE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kube-aegis-vscode');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 90_000;

export function codeServerBinary() {
  const binary = process.env.CODE_SERVER_BIN ?? path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
  if (!existsSync(binary) || !existsSync(CHROMIUM)) {
    throw new Error(`code-server or chromium is missing: run \`bash scripts/vscode/setup.sh\` first (looked for ${binary} and ${CHROMIUM}).`);
  }
  return binary;
}

/** Logs with the seconds since the run started. */
export function timedLog(prefix) {
  const start = Date.now();
  return (...args) => console.log(`[${prefix} ${((Date.now() - start) / 1000).toFixed(1)}s]`, ...args);
}

/** A temporary folder for one run; every temp file VS Code writes (sockets, profiles) stays in it. */
export function createRunFolder() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kube-aegis-vscode-'));
  const folder = (name) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  return { root, folder, remove: () => rmSync(root, { recursive: true, force: true }) };
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The environment code-server runs in: its config and temp files inside the run folder. */
function serverEnvironment(run) {
  return { ...process.env, XDG_CONFIG_HOME: run.folder('xdg/config'), XDG_DATA_HOME: run.folder('xdg/data'), TMPDIR: run.folder('tmp') };
}

/** Installs a .vsix into the run's extensions folder. */
export function installExtension(run, vsix) {
  const result = spawnSync(codeServerBinary(), ['--extensions-dir', run.folder('extensions'), '--install-extension', vsix], {
    env: serverEnvironment(run),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}

/**
 * Settings that leave workspace trust on and never ask: a folder opened with a fresh profile is
 * not trusted, and stays in Restricted Mode.
 */
const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Starts code-server on a free local port. Returns its URL, its log so far, and `stop()`, which ends
 * the whole process group (the extension host and file watcher outlive a plain SIGTERM).
 * Workspace trust is off (every folder trusted) unless `workspaceTrust` is set. `locale`: the
 * display language (English unless set), from the test language pack (see language-pack.mjs).
 */
export async function startCodeServer(run, extraSettings = {}, { workspaceTrust = false, locale } = {}) {
  const userData = run.folder('user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  if (locale) useLanguagePack(userData, locale);
  const settings = { ...USER_SETTINGS, ...(workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}), ...extraSettings };
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const args = [
    '--user-data-dir', userData,
    '--extensions-dir', run.folder('extensions'),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(locale ? ['--locale', locale] : []),
  ];
  const child = spawn(codeServerBinary(), args, { env: serverEnvironment(run), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = [];
  const log = () => Buffer.concat(output).toString();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${log()}`)), START_TIMEOUT_MS);
    const onData = (chunk) => {
      output.push(chunk);
      if (/HTTP server listening/.test(log())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${log()}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { url: `http://127.0.0.1:${port}`, authority: `127.0.0.1:${port}`, log, stop };
}

/** Headless Chromium with a fresh profile inside the run folder. */
export async function launchBrowser(run) {
  return chromium.launchPersistentContext(run.folder('chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
