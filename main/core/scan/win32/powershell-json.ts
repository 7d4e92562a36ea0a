/**
 * The rows of a PowerShell `ConvertTo-Json` output. It writes a bare object for one result, an
 * array for several and nothing at all for none, and Windows PowerShell may prefix a BOM.
 */
export function powershellRows(text: string): Record<string, unknown>[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const parsed: unknown = JSON.parse(trimmed);
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  return rows.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r));
}
