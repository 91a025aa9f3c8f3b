import { app } from 'electron';
import path from 'node:path';
import type { AssetRoots } from '../core/app/appAssets';

/**
 * Where things are, packaged or not. Packaged: models and OCR models are extra resources beside app.asar
 * (native code cannot read inside asar); the page is inside the asar. In development: the repository.
 */
export interface AppPaths {
  readonly assets: AssetRoots;
  readonly modelsRoot: string;
  /** Folder of the OCR models, or undefined to let the OCR module find its npm package. */
  readonly ocrModels: string | undefined;
  /** Folder of the OCR language data, or undefined to let the OCR module find it (dist/ocr-languages, npm). */
  readonly ocrLanguages: string | undefined;
}

export function appPaths(): AppPaths {
  const appRoot = app.getAppPath();
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  const assets = { pageDir: rendererDir, scriptDir: rendererDir };
  if (app.isPackaged) {
    return {
      assets,
      modelsRoot: path.join(process.resourcesPath, 'models'),
      ocrModels: path.join(process.resourcesPath, 'ocr-models'),
      ocrLanguages: path.join(process.resourcesPath, 'ocr-languages'),
    };
  }
  return {
    assets,
    modelsRoot: process.env.SIGHTLINE_MODELS ?? path.join(appRoot, 'models'),
    ocrModels: process.env.SIGHTLINE_OCR_MODELS,
    ocrLanguages: process.env.SIGHTLINE_OCR_LANGUAGES,
  };
}
