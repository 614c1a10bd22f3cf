/**
 * A phone-download CSV of `rows` Spanish messages, each distinct (`seed` makes exports distinct from
 * one another), as the queue tests translate.
 */
export function phoneExport(rows: number, seed: string): string {
  const lines = ['Date,From,Body'];
  for (let row = 1; row <= rows; row += 1) {
    lines.push(
      `2026-03-0${(row % 9) + 1} 10:${String(row % 60).padStart(2, '0')},+4477009${String(row).padStart(5, '0')},"hola ${seed} mensaje número ${row}, ¿dónde estás?"`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
