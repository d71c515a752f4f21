// The app's Mantine theme: calm colours that meet WCAG 2.2 AA contrast, clear focus rings and comfortable sizes.
import {
  Button,
  Checkbox,
  createTheme,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Select,
  Textarea,
  TextInput,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

/** A quiet teal. Shade 7 (#0b6b70) is used for filled buttons and links: 6.3:1 against white. */
const calm: MantineColorsTuple = [
  '#e8f5f5',
  '#cfe9ea',
  '#9dd2d4',
  '#67b9bc',
  '#3fa4a8',
  '#23959a',
  '#0f7f85',
  '#0b6b70',
  '#085a5e',
  '#05484b',
];

/** Mantine's reds are too light for text on white (3.3:1); these keep error text and red buttons above 4.5:1. */
const red: MantineColorsTuple = ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#f03e3e', '#c92a2a', '#b02525', '#9b2020', '#861c1c'];

const inputSize = { defaultProps: { size: 'md' } } as const;

export const theme = createTheme({
  primaryColor: 'calm',
  primaryShade: 7,
  colors: { calm, red },
  autoContrast: true,
  luminanceThreshold: 0.4,
  // Keyboard users always see where they are; mouse users are not distracted by rings (:focus-visible).
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  components: {
    Button: Button.extend({ defaultProps: { size: 'md' } }),
    TextInput: TextInput.extend(inputSize),
    PasswordInput: PasswordInput.extend(inputSize),
    NumberInput: NumberInput.extend(inputSize),
    Select: Select.extend({ defaultProps: { size: 'md', allowDeselect: false, comboboxProps: { withinPortal: true } } }),
    NativeSelect: NativeSelect.extend(inputSize),
    Textarea: Textarea.extend(inputSize),
    Checkbox: Checkbox.extend(inputSize),
  },
});

/** Mantine's default "dimmed" grey is 3.3:1 on white; ours is 7:1 so secondary text stays readable. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#5c636a',
  },
  dark: {},
});
