/**
 * List endpoints speak the ra-data-simple-rest dialect so react-admin's stock data provider works
 * unmodified:
 *   GET /api/things?sort=["name","ASC"]&range=[0,24]&filter={"q":"emis","id":[1,2]}
 * answered with a JSON array and `Content-Range: things 0-24/319`.
 */
export const LIST_DEFAULT_PAGE_SIZE = 25;
export const LIST_MAX_PAGE_SIZE = 500;
/** Filter key for free-text search across a resource's searchable fields. */
export const LIST_SEARCH_FILTER = 'q';
