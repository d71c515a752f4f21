// Accessible names for Mantine's Pagination arrows and page numbers, so every pager reads the same to a screen reader.
export function pagerProps(what = 'Page') {
  return {
    getControlProps: (control: 'first' | 'previous' | 'last' | 'next') => ({
      'aria-label': { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' }[control],
    }),
    getItemProps: (p: number) => ({ 'aria-label': `${what} ${p}` }),
  };
}
