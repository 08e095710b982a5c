/** Fill `{fact}` placeholders of a rule message; `{localTime}` is the local HH:mm. */
export function renderMessage(template: string, facts: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
    if (name === 'localTime' && typeof facts['localMinutes'] === 'number') {
      const m = facts['localMinutes'];
      return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    }
    const v = facts[name];
    return v === undefined ? whole : String(v);
  });
}
