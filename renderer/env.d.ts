/// <reference types="vite/client" />

// pdf.js ships its browser build without a declaration beside it; its types are the package's.
declare module 'pdfjs-dist/build/pdf.mjs' {
  export * from 'pdfjs-dist';
}
