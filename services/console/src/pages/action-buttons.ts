import { html, type Html } from '../html';

/** One button per action, each opening its confirmation page (`GET <base>/<action>`): nothing acts yet. */
export function actionButtons(
  base: string,
  actions: ReadonlyArray<readonly [string, string]>,
): Html {
  return html`<p>
    ${actions.map(
      ([name, label]) =>
        html`<form class="inline" method="get" action="${base}/${name}">
          <button id="action-${name}" type="submit">${label}…</button>
        </form>`,
    )}
  </p>`;
}
