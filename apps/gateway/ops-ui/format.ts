/** How the dashboard writes numbers (en-US, so the browser test reads the same text everywhere). */
export const integer = (value: number): string => value.toLocaleString('en-US');

export const percent = (ratio: number | null): string =>
  ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`;

export const seconds = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)} s`);

export function money(value: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 4 }).format(
    value,
  );
}

/** `2026-11-30T10:15:00.000Z` → `11-30 10:15` (UTC, as the column says). */
export const time = (iso: string): string => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/** A table cell: the formatted text, the raw value in `data-value` (what the browser test compares). */
export function cell(text: string, raw?: string | number | null, header = false): HTMLTableCellElement {
  const td = document.createElement(header ? 'th' : 'td');
  if (header) td.scope = 'row';
  td.textContent = text;
  if (raw !== undefined) td.dataset['value'] = raw === null ? '' : String(raw);
  return td;
}

/** Replaces the rows of `<table id>`'s body; an empty list shows one "nothing" row. */
export function fillTable(id: string, rows: readonly HTMLTableCellElement[][], columns: number): void {
  const body = document.querySelector<HTMLTableSectionElement>(`#${id} tbody`);
  if (!body) return;
  body.replaceChildren(
    ...(rows.length > 0 ? rows : [[Object.assign(cell('Nothing in this period'), { colSpan: columns })]]).map(
      (cells) => {
        const tr = document.createElement('tr');
        tr.append(...cells);
        return tr;
      },
    ),
  );
}
