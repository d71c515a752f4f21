// The app's Mantine theme: calm colours that meet WCAG 2.2 AA contrast, clear focus rings and comfortable sizes.
import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  createTheme,
  Drawer,
  Modal,
  NativeSelect,
  Notification,
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

/** Mantine's oranges and yellows give 3.3–3.6:1 as text on their light badges and alerts; from shade 6 these stay above 4.5:1. */
const orange: MantineColorsTuple = ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#c2560c', '#b34700', '#a13b00', '#8f3a06', '#7a3105'];
const yellow: MantineColorsTuple = ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#a06a00', '#946200', '#8a5a00', '#7a5000', '#6b4600'];

const inputSize = { defaultProps: { size: 'md' } } as const;

export const theme = createTheme({
  primaryColor: 'calm',
  primaryShade: 7,
  colors: { calm, red, orange, yellow },
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
    // A badge is never cut short ("ACT…" in a narrow column): its words wrap, and the column keeps room for its longest word.
    Badge: Badge.extend({
      styles: {
        root: { flexShrink: 0, maxWidth: 'none', height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2 },
        label: { overflow: 'visible', whiteSpace: 'normal', textOverflow: 'clip', textAlign: 'center' },
      },
    }),
    TextInput: TextInput.extend(inputSize),
    PasswordInput: PasswordInput.extend(inputSize),
    NumberInput: NumberInput.extend(inputSize),
    Select: Select.extend({ defaultProps: { size: 'md', allowDeselect: false, comboboxProps: { withinPortal: true } } }),
    NativeSelect: NativeSelect.extend(inputSize),
    Textarea: Textarea.extend(inputSize),
    Checkbox: Checkbox.extend(inputSize),
    // Every close "×" is named, in dialogs, side panels and notifications alike.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Mantine greys a titled notification's message (gray.6, 3.3:1); ours is the dimmed grey (7:1).
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close this message' } }, styles: { description: { color: 'var(--mantine-color-dimmed)' } } }),
    CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': 'Close' } as Record<string, string> }),
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
