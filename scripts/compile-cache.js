// V8 code cache for the JavaScript that synthesis compiles (loaded first by scripts/swc-register.js): about
// 16 MB of dependencies (cdktf, zod, ~75 provider classes) and the project's own files as swc left them.
// Without a cache V8 parses and compiles all of it again on every run. Node 22.1+ has this built in
// (`module.enableCompileCache`), used where it exists. On Node 20, each module is compiled through
// `vm.Script` with the bytes V8 produced last time, taken when the process exits so that they also hold
// the functions the run compiled lazily. Installed files do not change in place, so a dependency's entry
// is keyed by path, size and mtime (V8 itself checks only the length); the project's files change with
// every edit, so theirs is keyed by their content. Both keys include V8's version tag; whatever V8 still
// rejects is compiled afresh and rewritten. NODE_DISABLE_COMPILE_CACHE (set to anything) turns it off, as
// it does Node 22's built-in cache; COMPILE_CACHE_DIR moves it (tests). Under --enable-source-maps, turn
// it off for stack frames to be mapped.
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");

const CACHE_DIR = process.env.COMPILE_CACHE_DIR ?? path.join(__dirname, "..", "node_modules", ".cache", "v8-compile-cache");
const DEPENDENCY = `${path.sep}node_modules${path.sep}`;

const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

function entryFor(filename, content) {
  let version;
  if (filename.includes(DEPENDENCY)) {
    const { size, mtimeMs } = fs.statSync(filename);
    version = [size, mtimeMs];
  } else {
    version = [sha256(content)];
  }
  // The version tag covers V8's version, its flags and the CPU: a run with other flags gets its own entries.
  return path.join(CACHE_DIR, sha256([v8.cachedDataVersionTag(), filename, ...version].join("\0")));
}

function readEntry(entry) {
  try {
    return fs.readFileSync(entry);
  } catch {
    return undefined; // not cached yet
  }
}

/** The `require` Node gives a CommonJS module (lib/internal/modules/helpers.js, makeRequireFunction). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Node 20: modules compile with the cached bytes; the new ones are written at exit. */
function enableCodeCache() {
  const fresh = [];

  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    const entry = entryFor(filename, content);
    const cachedData = readEntry(entry);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      // import() in a module resolves as it does under Node's own loader.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ script, entry });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };

  process.once("exit", () => {
    try {
      if (fresh.length > 0) fs.mkdirSync(CACHE_DIR, { recursive: true });
      for (const { script, entry } of fresh) {
        // Write then rename: parallel runs (jest workers spawning synth) never read a half-written entry.
        const partial = `${entry}.${process.pid}`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, entry);
      }
    } catch {
      // A cache that cannot be written (read-only checkout) costs the next run its compile time, nothing else.
    }
  });
}

if (process.env.NODE_DISABLE_COMPILE_CACHE === undefined) {
  if (typeof Module.enableCompileCache === "function") Module.enableCompileCache(CACHE_DIR);
  else enableCodeCache();
}
