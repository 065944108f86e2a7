/** What the router hands every page: path parameters and the hash's query string. */
export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}
