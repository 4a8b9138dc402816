import { Pagination, usePagination } from '@digdir/designsystemet-react';

/** Designsystemet's pagination, in bokmål; pages count from 1. */
export const Paging = ({ page, pages, onPage, label }: { page: number; pages: number; onPage: (page: number) => void; label: string }) => {
  const { pages: items, prevButtonProps, nextButtonProps } = usePagination({ currentPage: page, totalPages: pages, showPages: 7, setCurrentPage: onPage });
  if (pages <= 1) return null;
  return (
    <Pagination aria-label={label} data-size="sm">
      <Pagination.List>
        <Pagination.Item>
          <Pagination.Button {...prevButtonProps} aria-label="Forrige side">
            Forrige
          </Pagination.Button>
        </Pagination.Item>
        {items.map(({ page: number, itemKey, buttonProps }) => (
          <Pagination.Item key={itemKey}>
            {typeof number === 'number' && (
              <Pagination.Button {...buttonProps} aria-label={`Side ${number}`}>
                {number}
              </Pagination.Button>
            )}
          </Pagination.Item>
        ))}
        <Pagination.Item>
          <Pagination.Button {...nextButtonProps} aria-label="Neste side">
            Neste
          </Pagination.Button>
        </Pagination.Item>
      </Pagination.List>
    </Pagination>
  );
};
