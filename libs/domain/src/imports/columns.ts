/** A column's letters as a spreadsheet shows them (1 → A, 27 → AA), for messages that name a column. */
export function columnName(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
