// The one date field: typed day-first ("14/03/1988", "14 3 1988", "14031988") or picked from a calendar,
// shown DD/MM/YYYY whatever the machine's locale; its value is the stored `YYYY-MM-DD` text.
import { ActionIcon, Modal, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker, DatesProvider } from '@mantine/dates';
import { useUncontrolled } from '@mantine/hooks';
import 'dayjs/locale/en-gb';
import { useEffect, useRef, useState } from 'react';
import { formatDateForInput } from './format';
import { parseUkDate } from './parse';

export const DATE_HINT = 'For example, 27 3 1988';
const UNREADABLE = 'Enter the date as day, month and year, for example 27 3 1988.';

export interface DateFieldProps extends Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange' | 'type' | 'max' | 'min'> {
  /** `YYYY-MM-DD`, or '' when empty. Text that is not a date yet is passed on as typed, so validation can say so. */
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  /** `YYYY-MM-DD` limits for the calendar. */
  minDate?: string;
  maxDate?: string;
  /** Overrides the standard "For example, 27 3 1988" hint. */
  hint?: string;
}

function CalendarIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
    </svg>
  );
}

export function DateField({ value, defaultValue, onChange, minDate, maxDate, hint, description, error, label, onBlur, ...rest }: DateFieldProps) {
  const [current, setCurrent] = useUncontrolled<string>({ value, defaultValue, finalValue: '', onChange });
  const [text, setText] = useState(() => (parseUkDate(current) ? formatDateForInput(current) : current));
  const [unreadable, setUnreadable] = useState(false);
  const [opened, setOpened] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // A value set from outside (a reset, a loaded record) replaces what is shown, unless it is what the text already means.
  useEffect(() => {
    const meant = parseUkDate(text) ?? text.trim();
    if (current !== meant) setText(parseUkDate(current) ? formatDateForInput(current) : current);
    // Only an outside change of the value should rewrite the text, so the text is deliberately not a dependency.
  }, [current]);

  const typed = (next: string) => {
    setText(next);
    setUnreadable(false);
    setCurrent(parseUkDate(next) ?? next.trim());
  };

  const picked = (iso: string | null) => {
    setOpened(false);
    if (!iso) return;
    setText(formatDateForInput(iso));
    setUnreadable(false);
    setCurrent(iso);
    inputRef.current?.focus();
  };

  const iso = parseUkDate(text);
  return (
    <TextInput
      {...rest}
      ref={inputRef}
      label={label}
      inputMode="numeric"
      autoComplete="off"
      description={description ?? hint ?? DATE_HINT}
      value={text}
      onChange={(e) => typed(e.currentTarget.value)}
      onBlur={(e) => {
        if (iso) setText(formatDateForInput(iso));
        else if (text.trim() !== '') setUnreadable(true);
        onBlur?.(e);
      }}
      error={unreadable ? UNREADABLE : error}
      rightSectionWidth={44}
      rightSectionPointerEvents="all"
      rightSection={
        <>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={`Choose ${typeof label === 'string' ? label.toLowerCase() : 'the date'} from a calendar`}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
          >
            <CalendarIcon />
          </ActionIcon>
          {/* A small dialog rather than a pop-over: a pop-over half covers the controls around the field, leaving them
              targets too small to hit (WCAG 2.5.8). Focus starts on the chosen day and goes back to the button. */}
          <Modal
            opened={opened}
            onClose={() => setOpened(false)}
            title={`Choose ${typeof label === 'string' ? label.toLowerCase() : 'the date'}`}
            size="auto"
            centered
            returnFocus
            withCloseButton={false}
            overlayProps={{ backgroundOpacity: 0.2 }}
          >
            <DatesProvider settings={{ locale: 'en-gb', firstDayOfWeek: 1 }}>
              <DatePicker
                value={iso}
                defaultDate={iso ?? maxDate ?? undefined}
                onChange={picked}
                minDate={minDate}
                maxDate={maxDate}
                // Mantine greys other months' days and reds weekends below AA contrast; neither adds meaning here.
                hideOutsideDates
                weekendDays={[]}
                ariaLabels={{
                  previousMonth: 'Previous month',
                  nextMonth: 'Next month',
                  previousYear: 'Previous year',
                  nextYear: 'Next year',
                  previousDecade: 'Previous decade',
                  nextDecade: 'Next decade',
                }}
              />
            </DatesProvider>
          </Modal>
        </>
      }
    />
  );
}
