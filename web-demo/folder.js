// A folder of AWS CLI outputs, read in this tab: from a folder picker (`<input webkitdirectory>`,
// files with `webkitRelativePath`) or a drop (directory entries of the File and Directory Entries
// API). Only what `iamsim import` reads is kept: .json, .yaml and .yml files (the CLI's walk), by
// path relative to the folder. Nothing is uploaded: `File.text()` reads it locally.

/** What the importer reads; the CLI's folder walk takes the same extensions. */
export const IMPORTED = /\.(json|ya?ml)$/i;
/** A file larger than this is not read (the engine refuses inputs over 32 MiB anyway). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Files read from one folder at most: a dropped home directory must not hang the tab. */
export const MAX_FILES = 5000;

/** `a/iam/x.json` → `iam/x.json`: the picker's paths start with the picked folder's name. */
export function relativeToFolder(path) {
  const parts = String(path).split('/').filter(Boolean);
  return parts.length > 1 ? parts.slice(1).join('/') : parts.join('/');
}

/**
 * Reads picked files (`input.files` of a webkitdirectory input) into `{name, files: [{path,
 * text}], left: [{path, reason}]}`; `name` is the folder's name.
 */
export async function readPicked(fileList) {
  const list = [...fileList];
  const name = String(list[0]?.webkitRelativePath || list[0]?.name || '').split('/')[0];
  return readAll(list.map((file) => ({ path: relativeToFolder(file.webkitRelativePath || file.name), file })), name);
}

/**
 * Reads a dropped folder: `entry` is a FileSystemDirectoryEntry (`item.webkitGetAsEntry()`), or
 * anything with its shape (`isDirectory`, `name`, `createReader()`, and `file()` on file entries).
 */
export async function readDropped(entry) {
  const found = [];
  if (entry.isDirectory) await walk(entry, '', found);
  else found.push({ path: entry.name, file: await fileOf(entry) });
  return readAll(found, entry.name);
}

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

/** Every file under `dir`, by path relative to the dropped folder (its own name left out). */
async function walk(dir, prefix, found) {
  const reader = dir.createReader();
  // readEntries returns the entries in batches (100 at a time in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return;
    for (const child of batch) {
      if (found.length > MAX_FILES) return;
      if (child.isDirectory) await walk(child, `${prefix}${child.name}/`, found);
      else found.push({ path: prefix + child.name, file: await fileOf(child) });
    }
  }
}

async function readAll(found, name) {
  const files = [];
  const left = [];
  for (const { path, file } of found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!IMPORTED.test(path)) continue; // as the CLI: other files are not read
    if (files.length >= MAX_FILES) {
      left.push({ path, reason: `more than ${MAX_FILES} files: not read` });
      continue;
    }
    if (file.size > MAX_FILE_BYTES) {
      left.push({ path, reason: `${file.size} bytes, over the ${MAX_FILE_BYTES} the engine reads` });
      continue;
    }
    files.push({ path, text: await file.text() });
  }
  return { name, files, left };
}
