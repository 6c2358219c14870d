/**
 * Settings › OCR languages: the languages OCR can read in this library, adding one from a
 * tesseract `.traineddata` file (the desktop app reads it where it lies; a browser uploads it
 * first, as imports do) and removing an added one.
 */
import { create } from 'zustand';
import type { OcrLanguage } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { isDesktop, uploadFile } from '../transport/webSession.js';
import { errorMessage } from './requestId.js';

interface OcrLanguagesState {
  installed: OcrLanguage[] | null;
  /** What is under way: adding a file (its name) or removing a language (its code). */
  busy: string | null;
  error: string | null;
  notice: string | null;
  refresh(): Promise<void>;
  add(file: File): Promise<void>;
  remove(code: string): Promise<void>;
}

export const useOcrLanguagesStore = create<OcrLanguagesState>()((set) => ({
  installed: null,
  busy: null,
  error: null,
  notice: null,

  async refresh() {
    try {
      const { installed } = await transport().invoke('ocr:languages', {});
      set({ installed, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async add(file) {
    set({ busy: file.name, error: null, notice: null });
    try {
      const bridge = window.lectern as (typeof window.lectern & { pathForFile?: (f: File) => string }) | undefined;
      const path = isDesktop() && bridge?.pathForFile ? bridge.pathForFile(file) : await uploadFile(file);
      const { language, installed } = await transport().invoke('ocr:addLanguage', { path });
      set({ installed, notice: `Added ${language}: use it for a document with its OCR language, like eng+${language}.` });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ busy: null });
    }
  },

  async remove(code) {
    set({ busy: code, error: null, notice: null });
    try {
      const { installed } = await transport().invoke('ocr:removeLanguage', { language: code });
      set({ installed, notice: `Removed ${code}. Documents read in it keep their text.` });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ busy: null });
    }
  },
}));
