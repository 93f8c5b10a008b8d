import { render } from 'preact';
import '@/components/ui.css';
import './popup.css';
import { Popup, ask, storedDays } from './App';
import { t } from '@/utils/i18n/i18n';

// Asked before anything renders: the figures are what the popup is opened for.
const days = storedDays();
const first = { days, stats: ask({ type: 'get-stats', days }) };
document.title = t('extName');

render(<Popup first={first} />, document.getElementById('app')!);
