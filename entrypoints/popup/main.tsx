import { render } from 'preact';
import '@/components/ui.css';
import './popup.css';
import { Popup, ask, storedDays } from './App';
import { settleWithin } from '@/components/settle-within';
import { t } from '@/utils/i18n/i18n';

/**
 * How long the first render waits for the figures. A quick answer (the background awake) is in the
 * first paint, with no frame of placeholders before it; a slow one (the background starting) gets
 * the placeholders first, so the popup never stays blank for long.
 */
const FIGURES_WAIT_MS = 40;

// Asked before anything renders: the figures are what the popup is opened for.
const days = storedDays();
const stats = ask({ type: 'get-stats', days });
document.title = t('extName');
const ready = await settleWithin(stats, FIGURES_WAIT_MS);

render(<Popup first={{ days, stats, ready }} />, document.getElementById('app')!);
