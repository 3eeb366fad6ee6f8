/** The English pass: VS Code started without `--locale` (see ../zh-cn/ for Simplified Chinese). */
import { describeDisplayLanguage } from './display-language.js';

describeDisplayLanguage('en');
