/** The page's file and link actions on a session store: copy a link, export the session, labels or model. */
import { download } from './download';
import { jsonlFileName, labelsToJsonl } from './jsonl';
import { ensembleModel, modelFiles } from './model-export';
import type { SessionStore } from './session-store';
import { defaultSettings } from './settings';
import { urlFor, urlStateOf, type HideableControl } from './url-state';

/** Copies a link to this session's level and settings (plus hidden controls and lesson); returns it. */
export async function copyLink(store: SessionStore, extra: { hide?: readonly HideableControl[]; lesson?: string } = {}): Promise<string> {
  const { settings } = store.state;
  const url = urlFor(urlStateOf(settings, defaultSettings(settings.levelId, settings.levelText), extra), location.href);
  try {
    await navigator.clipboard.writeText(url);
    store.notify('info', 'Link copied. Anyone who opens it gets this level and these settings (not your labels: export the session for those).');
  } catch {
    store.notify('info', `Copy this link: ${url}`);
  }
  return url;
}

/** Downloads the whole session as a JSON file, with `author` (the person's name) when given. */
export async function exportSessionFile(store: SessionStore, author?: string): Promise<void> {
  const { name, text } = await store.exportFile(author || undefined);
  download(name, text, 'application/json');
}

/** Downloads the labels as JSONL, one preference per line with both clips' observations. */
export function exportLabels(store: SessionStore): void {
  const { settings, labels } = store.state;
  download(jsonlFileName(settings.levelId), labelsToJsonl(store.engineSpace, labels, { levelId: settings.levelId }), 'application/x-ndjson');
}

/** Downloads the features reward model (ensemble mean) as a TensorFlow.js layers model: model.json and weights. */
export async function exportModel(store: SessionStore): Promise<void> {
  if (store.state.settings.rewardModel !== 'features') {
    store.notify('info', 'Only the features model exports as a TensorFlow.js model. The grid model does not fit a plain layer stack: export the session instead (its labels retrain the model).');
    return;
  }
  const weights = await store.weights();
  for (const file of modelFiles((o) => ensembleModel(weights, o), `reward-model-${store.state.settings.levelId.replace(/:/g, '-')}`)) download(file.name, file.data, file.type);
}
