/** A suite on the Validation page; with a version, that saved version rather than the latest. */
export function suiteHref(name: string, version?: number): string {
  return `#/validation/${encodeURIComponent(name)}${version === undefined ? '' : `?version=${version}`}`;
}

export const validationHref = '#/validation';
