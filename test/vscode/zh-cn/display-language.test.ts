/**
 * The Simplified Chinese pass: VS Code started with `--locale=zh-cn` and the test language pack
 * (scripts/vscode/language-pack.mjs), in a fresh copy of the fixture workspace.
 */
import { describeDisplayLanguage } from '../suite/display-language.js';

describeDisplayLanguage('zh-cn');
