import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import { ValidationFailed } from '../errors/http-error.filter';
import { ListSpec, Page, parseListQuery } from './list-query';

const spec: ListSpec<'id' | 'name' | 'status'> = {
  resource: 'things',
  fields: { id: 't.id', name: 't.name', status: 't.status' },
  sortable: ['name', 'status'],
  filterable: { id: 'text', status: 'text' },
  searchable: ['name'],
  defaultSort: { field: 'name', order: 'ASC' },
  tieBreaker: 't.id',
};

function problemsOf(raw: Record<string, unknown>) {
  try {
    parseListQuery(raw, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailed);
    return (e as ValidationFailed).fields;
  }
  throw new Error('expected the query to be refused');
}

describe('parseListQuery', () => {
  it('refuses a value a filter does not take, naming the values it does, and accepts any of them', () => {
    const strict: ListSpec<'id' | 'name' | 'status'> = { ...spec, filterable: { status: { oneOf: ['live', 'retired'] }, id: 'boolean' } };
    expect(parseListQuery({ filter: '{"status":["live","retired"],"id":false}' }, strict).filters).toEqual([
      { column: 't.status', values: ['live', 'retired'] },
      { column: 't.id', values: [false] },
    ]);
    expect(() => parseListQuery({ filter: '{"status":["live","gone"]}' }, strict)).toThrow(ValidationFailed);
    const refused = (() => {
      try {
        parseListQuery({ filter: '{"status":"gone","id":"true"}' }, strict);
      } catch (e) {
        return (e as ValidationFailed).fields;
      }
      return 'accepted';
    })();
    expect(refused).toEqual([
      { field: 'filter.status', problems: ['must be one of: live, retired'] },
      { field: 'filter.id', problems: ['must be one of: true, false'] },
    ]);
  });

  it('reads each filter by its declared type and names what a wrong value should be', () => {
    const typed: ListSpec<'id' | 'name' | 'status'> = { ...spec, filterable: { id: 'uuid', name: 'date', status: 'integer' } };
    const id = '7D0F0A55-3C4B-4E2A-9D1E-0123456789AB';
    expect(parseListQuery({ filter: JSON.stringify({ id, name: '2026-12-31', status: '4' }) }, typed).filters).toEqual([
      { column: 't.id', values: [id.toLowerCase()] },
      { column: 't.name', values: ['2026-12-31'] },
      { column: 't.status', values: [4] },
    ]);
    const refused = (filter: unknown) => {
      try {
        parseListQuery({ filter: JSON.stringify(filter) }, typed);
      } catch (e) {
        return (e as ValidationFailed).fields;
      }
      return 'accepted';
    };
    expect(refused({ id: 'nope', name: '2026-02-30', status: 4.5 })).toEqual([
      { field: 'filter.id', problems: ['must be a UUID'] },
      { field: 'filter.name', problems: ['must be a date (YYYY-MM-DD)'] },
      { field: 'filter.status', problems: ['must be an integer'] },
    ]);
    expect(refused({ id: [id, 'x'] })).toEqual([{ field: 'filter.id', problems: ['must be a UUID (each value)'] }]);
  });

  it('sorts every list by id, whether or not its spec names it sortable', () => {
    expect(parseListQuery({ sort: '["id","DESC"]' }, spec).sort).toEqual({ column: 't.id', order: 'DESC' });
  });

  it('defaults to the first page sorted by the default field', () => {
    expect(parseListQuery({}, spec)).toEqual({
      sort: { column: 't.name', order: 'ASC' },
      offset: 0,
      limit: 25,
      filters: [],
      bounds: [],
      search: null,
    });
  });

  it('reads the ra-data-simple-rest parameters', () => {
    const query = parseListQuery(
      { sort: '["status","desc"]', range: '[50,99]', filter: '{"id":["a","b"],"status":"live","q":" emis "}' },
      spec,
    );
    expect(query).toEqual({
      sort: { column: 't.status', order: 'DESC' },
      offset: 50,
      limit: 50,
      filters: [
        { column: 't.id', values: ['a', 'b'] },
        { column: 't.status', values: ['live'] },
      ],
      bounds: [],
      search: { columns: ['t.name'], term: 'emis' },
    });
  });

  it('refuses fields outside the whitelist, naming them and the allowed ones', () => {
    const problems = problemsOf({ sort: '["secret","ASC"]', filter: '{"owner":"x"}' });
    expect(problems).toEqual([
      { field: 'sort', problems: ['cannot sort by "secret"; sortable: name, status, id'] },
      { field: 'filter.owner', problems: ['is not a filter; filters: id, status, q'] },
    ]);
  });

  it('refuses malformed JSON and bad ranges', () => {
    expect(problemsOf({ sort: '[name', range: '[5,1]', filter: '[]' }).map((p) => p.field)).toEqual([
      'sort',
      'range',
      'filter',
    ]);
    expect(problemsOf({ range: '[-1,3]' })[0].field).toBe('range');
    expect(problemsOf({ range: '[0,1.5]' })[0].field).toBe('range');
  });

  it(`caps a page at ${LIST_MAX_PAGE_SIZE} rows`, () => {
    expect(parseListQuery({ range: `[0,${LIST_MAX_PAGE_SIZE - 1}]` }, spec).limit).toBe(LIST_MAX_PAGE_SIZE);
    expect(problemsOf({ range: `[0,${LIST_MAX_PAGE_SIZE}]` })[0].problems[0]).toMatch(/at most/);
  });

  it('refuses a parameter given twice and non-scalar filter values', () => {
    expect(problemsOf({ sort: ['["name","ASC"]', '["name","DESC"]'] })[0].field).toBe('sort');
    expect(problemsOf({ filter: '{"status":{"$ne":1}}' })[0].field).toBe('filter.status');
    expect(problemsOf({ filter: '{"status":[]}' })[0].field).toBe('filter.status');
  });
});

describe('Page', () => {
  it('formats Content-Range for full and empty pages', () => {
    expect(new Page('things', ['a', 'b'], 10, 40).contentRange).toBe('things 10-11/40');
    expect(new Page('things', [], 0, 0).contentRange).toBe('things */0');
  });
});
