// A windowed list: only the rows in view are in the DOM, so a 1,000-person
// conversation opens as fast as a small one. Arrow keys move between rows.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { inDisplayOrder } from '../view/participant-order';
import type { ParticipantRow } from '../view/tab-view';
import { t, tn } from '../ui/i18n';
import { TrustChip } from '../ui/TrustChip';
import { PageText } from '../ui/PageText';
import { LookAlikeMark } from './LookAlikeMark';

const ROW_HEIGHT = 48;
const VIEWPORT_ROWS = 8;
const OVERSCAN = 4;

/** Filtered by name or id, in display order (people with open warnings first, then in the page's order). */
function arrange(participants: ParticipantRow[], filter: string): ParticipantRow[] {
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? participants.filter((p) => p.name.toLowerCase().includes(needle) || p.id.toLowerCase().includes(needle))
    : participants;
  return inDisplayOrder(shown);
}

/**
 * `total` is how many people the conversation has; while only the first rows are
 * in (`participants` fewer than that), the filter waits for the rest.
 */
export function ParticipantList({
  participants: all,
  total,
  onSelect,
}: {
  participants: ParticipantRow[];
  total: number;
  onSelect: (id: string) => void;
}) {
  const partial = all.length < total;
  const [filter, setFilter] = useState('');
  const participants = useMemo(() => arrange(all, filter), [all, filter]);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(participants.length, first + VIEWPORT_ROWS + 2 * OVERSCAN);
  const visible = participants.slice(first, last);
  // Marks when the first rows are on screen, for the popup benchmark.
  useEffect(() => {
    if (participants.length > 0 && performance.getEntriesByName('keywatch:first-rows').length === 0)
      performance.mark('keywatch:first-rows');
  }, [participants.length]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(participants.length - 1, index));
    const el = scroller.current;
    if (!el) return;
    const top = target * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    setScrollTop(el.scrollTop);
    requestAnimationFrame(() => el.querySelector<HTMLButtonElement>(`[data-index="${target}"]`)?.focus());
  };

  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title" class="pad-x">
        {tn('popupPeople', total)}
      </h2>
      {total > VIEWPORT_ROWS && (
        <div class="pad-x filter">
          <label>
            <span class="visually-hidden">{t('popupFilter')}</span>
            <input
              type="search"
              placeholder={t('popupFilter')}
              value={filter}
              data-testid="filter"
              disabled={partial}
              onInput={(e) => {
                setFilter((e.currentTarget as HTMLInputElement).value);
                if (scroller.current) scroller.current.scrollTop = 0;
                setScrollTop(0);
              }}
            />
          </label>
        </div>
      )}
      <div
        ref={scroller}
        class="scroller"
        style={{ height: `${Math.min(participants.length, VIEWPORT_ROWS) * ROW_HEIGHT}px` }}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      >
        <ul
          class="plain rows"
          role="list"
          data-testid="participants"
          aria-busy={partial}
          style={{ height: `${participants.length * ROW_HEIGHT}px` }}
        >
          {visible.map((p, i) => {
            const index = first + i;
            return (
              <li
                key={p.id}
                role="listitem"
                aria-setsize={partial ? total : participants.length}
                aria-posinset={index + 1}
                style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
                class="row-slot"
              >
                <button
                  type="button"
                  class="row"
                  data-index={index}
                  data-testid="participant"
                  data-id={p.id}
                  onClick={() => onSelect(p.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'ArrowDown') {
                      e.preventDefault();
                      focusRow(index + 1);
                    }
                    if (e.key === 'ArrowUp') {
                      e.preventDefault();
                      focusRow(index - 1);
                    }
                  }}
                >
                  <span class="who">
                    <PageText class="name" text={p.name} />
                    <span class="muted small">
                      {p.lookAlike && <LookAlikeMark row={p} />}
                      {tn('popupDevices', p.devices.length)}
                      {p.shown ? '' : ` · ${t('popupNotShown')}`}
                    </span>
                  </span>
                  <TrustChip row={p} />
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
