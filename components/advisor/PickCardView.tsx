"use client";

import { WorkingFold } from "./WorkingFold";

/** What "likely" promises (lib/model/bands.ts, docs/accuracy.md), shown on hover over a figure with a range. */
const RANGE_MEANING = "likely: at least 80% of published measurements of this kind, from sources the model was not fitted to, fell inside ranges like this";

/**
 * One line of a pick card's facts: its term, its text, the `data-field` tests and scripts find it
 * by, and extras: a range's meaning on hover (`likely`), a confidence badge before the text, or a
 * source link after it ([href, link text, text after the link]).
 */
export type Fact = [term: string, text: string, field?: string | null, extra?: { likely?: 1; badge?: string; link?: [string, string, string] }];

/**
 * A top pick's card as PickCard works it out. A client component with no state of its own, on
 * purpose: its props, the card's text, are all the page's payload carries of it.
 */
export function PickCardView(props: {
  index: number;
  kinds: string;
  titles: string;
  gpu: string;
  gpuName: string;
  count: number;
  fit: string;
  facts: Fact[];
  shortfalls: string | null;
  whys: string[];
  reasons: string[];
  working: { dataUrl: string; pageUrl: string; assumptions: number };
}) {
  const { index, count, working } = props;
  return (
    <article className="card adv-pick" data-pick={props.kinds} data-gpu={props.gpu} data-count={count} aria-labelledby={`pick-${index}`}>
      <p className="adv-pick-kind">{props.titles}</p>
      <h3 id={`pick-${index}`}>
        <a href={`/gpus/${props.gpu}`}>{props.gpuName}</a>
        {count > 1 ? <span className="adv-count"> × {count}</span> : null}
      </h3>
      <p className="adv-fit">
        <span className="badge adv-ok">{count > 1 ? `needs ${count} GPUs` : "fits on one GPU"}</span> {props.fit}
      </p>
      <dl className="adv-facts">
        {props.facts.map(([term, text, field, extra], i) => [
          <dt key={`t${i}`}>{term}</dt>,
          <dd key={`d${i}`} data-field={field ?? undefined} title={extra?.likely ? RANGE_MEANING : undefined}>
            {extra?.badge && <span className={`badge adv-conf-${extra.badge}`}>{extra.badge}</span>}
            {text}
            {extra?.link && (
              <>
                <a href={extra.link[0]} rel="noopener noreferrer" target="_blank">
                  {extra.link[1]}
                </a>
                {extra.link[2]}
              </>
            )}
          </dd>,
        ])}
      </dl>
      {props.shortfalls && (
        <p className="notice adv-small" data-field="shortfalls">
          Misses the need: {props.shortfalls}.
        </p>
      )}
      <ul className="adv-reasons">
        {/* Index keys: a static list, and a sentence as key would be written into the page a third time. */}
        {props.whys.map((why, i) => (
          <li key={`why-${i}`}>{why}</li>
        ))}
        {props.reasons.map((reason, i) => (
          <li key={`reason-${i}`}>{reason}</li>
        ))}
      </ul>
      <WorkingFold dataUrl={working.dataUrl} pageUrl={working.pageUrl} assumptions={working.assumptions} />
    </article>
  );
}
