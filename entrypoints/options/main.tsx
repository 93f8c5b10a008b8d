import { render } from 'preact';
import '@/components/ui.css';
import './options.css';
import { Options } from './App';
import { t } from '@/utils/i18n/i18n';

document.title = t('optionsTitle');

render(<Options />, document.getElementById('app')!);
