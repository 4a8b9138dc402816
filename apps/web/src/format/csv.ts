/**
 * CSV as Norwegian Excel opens it: UTF-8 with a byte-order mark (else Excel reads it as Windows-1252), `;` between
 * fields (`,` is the decimal separator in nb-NO), CRLF line ends, Norwegian headers, decimal comma.
 */
export type CsvValue = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

const cell = (value: CsvValue): string => {
  if (value == null) return '';
  const text =
    typeof value === 'boolean' ? (value ? 'Ja' : 'Nei') : typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[";\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const toCsv = (headers: readonly string[], rows: readonly (readonly CsvValue[])[]): string =>
  BOM + [headers, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';

/** Offers a text as a file download (a blob URL: no inline script, no server round trip). */
export const downloadText = (text: string, fileName: string, type = 'text/csv;charset=utf-8'): void => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
