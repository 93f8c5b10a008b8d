import { render } from 'preact';
import '@/components/ui.css';
import './popup.css';
import { Popup } from './App';
import { t } from '@/utils/i18n/i18n';

document.title = t('extName');

render(<Popup />, document.getElementById('app')!);
