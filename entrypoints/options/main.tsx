import { render } from 'preact';
import '../../components/ui.css';
import './options.css';
import { Options } from './App';

render(<Options />, document.getElementById('app')!);
