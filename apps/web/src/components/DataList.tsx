import { Card, Heading, Table } from '@digdir/designsystemet-react';
import type { AriaAttributes, ReactNode } from 'react';
import { TableScroll } from './TableScroll';
import { useNarrow } from './use-narrow';

export interface Column<Row> {
  readonly header: string;
  /** Null: nothing to show (a table shows "–", a card leaves the line out). */
  readonly cell: (row: Row) => ReactNode;
  readonly className?: string;
  /** Sortable by clicking the header: its current state. */
  readonly sort?: AriaAttributes['aria-sort'];
  readonly onSort?: () => void;
}

/**
 * Rows as a table on a wide screen (in its own scroll box) and as cards on a phone, the first column as each card's
 * heading: Designsystemet's table where it fits, and nothing to scroll sideways where it does not.
 */
export function DataList<Row>({
  rows,
  columns,
  rowKey,
  caption,
  testId,
  cards = true,
}: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  caption: string;
  testId?: string;
  /** False: a table at every width (figures compared down a column, as in a report). */
  cards?: boolean;
}) {
  const narrow = useNarrow() && cards;
  const [first, ...rest] = columns;
  if (!first) return null;
  if (narrow) {
    return (
      <ul className="data-cards" aria-label={caption} data-testid={testId && `${testId}-cards`}>
        {rows.map((row) => (
          <li key={rowKey(row)}>
            <Card data-color="neutral">
              <Heading level={3} data-size="2xs">
                {first.cell(row)}
              </Heading>
              <dl className="facts">
                {rest.map((column) => {
                  const value = column.cell(row);
                  return value == null ? null : (
                    <div className="fact" key={column.header}>
                      <dt>{column.header}</dt>
                      <dd>{value}</dd>
                    </div>
                  );
                })}
              </dl>
            </Card>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <TableScroll label={caption}>
      <Table zebra data-testid={testId}>
        <caption>{caption}</caption>
        <Table.Head>
          <Table.Row>
            {columns.map((column) => (
              <Table.HeaderCell key={column.header} className={column.className} sort={column.sort} onClick={column.onSort}>
                {column.header}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Cell key={column.header} className={column.className}>
                  {column.cell(row) ?? '–'}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableScroll>
  );
}
