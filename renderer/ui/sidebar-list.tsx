import { useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';

/** Past this many items the list offers a search box. */
const searchAfter = 8;

/**
 * The left pane of a two-pane page (styles/two-pane.css): a titled header with one action, a
 * search box once the list is long, the items, and an optional footer.
 */
export function SidebarList<Item>({
  title,
  action,
  items,
  keyOf,
  nameOf,
  searchPlaceholder,
  noun,
  renderItem,
  footer,
}: {
  /** The header's title, also the list's accessible name. */
  title: string;
  action: ReactNode;
  items: readonly Item[];
  keyOf: (item: Item) => string;
  /** What the search box matches, ignoring case. */
  nameOf: (item: Item) => string;
  searchPlaceholder: string;
  /** One item, for "No dataset matches …". */
  noun: string;
  renderItem: (item: Item) => ReactNode;
  footer?: ReactNode;
}) {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = needle ? items.filter((item) => nameOf(item).toLowerCase().includes(needle)) : items;
  return (
    <aside className="sidebar-list" aria-label={title}>
      <div className="sidebar-list-header">
        <h2>{title}</h2>
        {action}
      </div>
      {items.length > searchAfter && (
        <div className="sidebar-list-search">
          <input className="input" type="search" placeholder={searchPlaceholder} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      )}
      <ul className="sidebar-list-items">
        {shown.map((item) => (
          <li key={keyOf(item)}>{renderItem(item)}</li>
        ))}
        {shown.length === 0 && items.length > 0 && (
          <li className="sidebar-list-empty faint">
            No {noun} matches “{query}”.
          </li>
        )}
      </ul>
      {footer}
    </aside>
  );
}

/** One item of a SidebarList: a link, marked as the page shown when it is. */
export function SidebarLink({ current, className, ...link }: ComponentPropsWithoutRef<'a'> & { current: boolean; className: string }) {
  return <a {...link} className={`sidebar-list-item ${className}`} aria-current={current ? 'page' : undefined} />;
}
