/** The register fields an import fills live in src/shared (the web shows them too); the server reads them from here. */
export * from '../../../shared/imports.js';
