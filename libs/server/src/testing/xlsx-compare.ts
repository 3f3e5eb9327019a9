/** Test-only: comparing the XML of a sheet part cell by cell, and what lies outside its cells. */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface CellFacts {
  style: string | undefined;
  type: string | undefined;
  value: string;
  formula: string;
}

/** Every cell element of a sheet part: its style, type, value and formula, by reference. */
export function sheetCells(xml: string): Map<string, CellFacts> {
  const result = new Map<string, CellFacts>();
  const parser = new SaxesParser();
  let current: (CellFacts & { ref: string }) | null = null;
  let inside: 'v' | 'f' | 't' | null = null;
  parser.on('opentag', (t) => {
    const tag = t as SaxesTagPlain;
    const name = tag.name.replace(/^\w+:/, '');
    if (name === 'c') current = { ref: tag.attributes.r, style: tag.attributes.s, type: tag.attributes.t, value: '', formula: '' };
    else if (current && (name === 'v' || name === 'f' || name === 't')) inside = name;
  });
  parser.on('text', (text) => {
    if (!current || !inside) return;
    if (inside === 'f') current.formula += text;
    else current.value += text;
  });
  parser.on('closetag', (t) => {
    const name = t.name.replace(/^\w+:/, '');
    if (name === 'v' || name === 'f' || name === 't') inside = null;
    else if (name === 'c' && current) {
      const { ref, ...facts } = current;
      result.set(ref, facts);
      current = null;
    }
  });
  parser.write(xml).close();
  return result;
}

/** The sheet part without its cells and its dimension: merges, validations, links, views, formatting. */
export const outsideCells = (xml: string) =>
  xml
    .replace(/<((?:\w+:)?)sheetData\b[\s\S]*?<\/\1sheetData>|<(?:\w+:)?sheetData\b[^>]*\/>/, '<sheetData/>')
    .replace(/<(?:\w+:)?dimension\b[^>]*\/>/, '<dimension/>');

