import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * NHS identity colours: NHS Blue for primary actions, NHS Dark Blue for the secondary accent, and
 * NHS Warm Yellow with dark text for warnings (MUI's default orange is too pale for small chip text).
 */
export const NHS_BLUE = '#005EB8';
export const NHS_DARK_BLUE = '#003087';
export const NHS_WARM_YELLOW = '#FFB81C';
export const NHS_TEXT = '#212B32';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: NHS_BLUE, contrastText: '#FFFFFF' },
    secondary: { main: NHS_DARK_BLUE, contrastText: '#FFFFFF' },
    warning: { main: NHS_WARM_YELLOW, contrastText: NHS_TEXT },
    background: { default: '#F0F4F5', paper: '#FFFFFF' },
  },
  shape: { borderRadius: 6 },
  typography: {
    ...defaultTheme.typography,
    fontFamily: 'Arial, "Helvetica Neue", Helvetica, sans-serif',
  },
};
