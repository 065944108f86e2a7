// Addresses of the deployment pages; the version page's Deploy action and the create dialog lead here.

export const deploymentsHref = '#/deployments';

export function deploymentHref(name: string): string {
  return `#/deployments/${encodeURIComponent(name)}`;
}
