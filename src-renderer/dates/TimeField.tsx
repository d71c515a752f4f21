// The one time field: 24-hour clock whatever the machine's locale ("14:05", "1405", "9"); its value is `HH:MM`.
import { TextInput, type TextInputProps } from '@mantine/core';
import { useUncontrolled } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { parseTime } from './parse';

export interface TimeFieldProps extends Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange' | 'type'> {
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
}

export function TimeField({ value, defaultValue, onChange, description, error, onBlur, ...rest }: TimeFieldProps) {
  const [current, setCurrent] = useUncontrolled<string>({ value, defaultValue, finalValue: '', onChange });
  const [text, setText] = useState(current);
  const [unreadable, setUnreadable] = useState(false);
  useEffect(() => {
    if (current !== (parseTime(text) ?? text.trim())) setText(current);
    // Only an outside change of the value should rewrite the text, so the text is deliberately not a dependency.
  }, [current]);
  const parsed = parseTime(text);
  return (
    <TextInput
      {...rest}
      inputMode="numeric"
      autoComplete="off"
      description={description ?? '24-hour clock, for example 14:30'}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        setUnreadable(false);
        setCurrent(parseTime(next) ?? next.trim());
      }}
      onBlur={(e) => {
        if (parsed) setText(parsed);
        else if (text.trim() !== '') setUnreadable(true);
        onBlur?.(e);
      }}
      error={unreadable ? 'Enter a time on the 24-hour clock, for example 14:30.' : error}
    />
  );
}
