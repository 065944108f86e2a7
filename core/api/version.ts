/** The workbench version, reported by the API, recorded on runs and in exported models. */
export const version = '0.1.0';
