/**
 * The Monaco console, loaded with `import()` on first use: the editor API
 * only, plus the few features it uses (suggest widget, snippets, hover, Tab
 * focus toggle, placeholder). It talks to the page through a ConsoleHost and keeps no
 * state of its own beyond the text being typed.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// In 0.57 features/suggest/register brings only inline completions: the
// suggest widget (Ctrl+Space list) is this contribution.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Session } from '../machines/session.ts';
import { suggestionsAt, type Suggestion } from './completions.ts';
import { diagnose } from './diagnostics.ts';
import type { History } from './history.ts';
import { hoverAt } from './hovers.ts';
import {
  SMTP,
  SMTP_DATA,
  VERBS,
  smtpConfiguration,
  smtpDataLanguage,
  smtpLanguage,
} from './language.ts';
import { isRawLine } from '../protocol/raw-line.ts';
import { contentLine } from './protocol-view.ts';
import { imapLanguage, pop3Language, readerSuggestions } from './reader-console.ts';
import type { ReaderTarget } from './target.ts';

export interface ConsoleHost {
  session(): Session;
  /** The POP3 or IMAP session the console speaks to instead of SMTP, if any. */
  reader(): ReaderTarget | null;
  /** The SMTP server reads message text (never while a reader is on). */
  readonly inData: boolean;
  /**
   * Nothing more can be typed: the connection is closed (in a lesson, quiz
   * answers are still taken after the server closed, so this stays false).
   */
  inputClosed(): boolean;
  send(line: string): void;
  sendLines(lines: readonly string[]): void;
  /** The placeholder for the session's mode and era. */
  readonly placeholder: string;
  /** The console stuffs message lines itself: no line loses its dot. */
  readonly stuffing: boolean;
  readonly history: History;
  /** The text in the editor changed (kept with the session, for a reload). */
  keepDraft(text: string): void;
}

export interface ConsoleEditor {
  /** Follows the session after it changed: mode, read-only, diagnostics. */
  sync(): void;
  setTheme(theme: string): void;
  focus(): void;
  /** Empties the text being typed (a new session). */
  clear(): void;
  dispose(): void;
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

let registered = false;
function registerLanguages() {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: SMTP });
  monaco.languages.register({ id: SMTP_DATA });
  monaco.languages.setMonarchTokensProvider(SMTP, smtpLanguage);
  monaco.languages.setMonarchTokensProvider(SMTP_DATA, smtpDataLanguage);
  monaco.languages.setLanguageConfiguration(SMTP, smtpConfiguration);
  // The mail reader's protocols: their verbs coloured and completed (reader-console.ts).
  for (const [id, language] of [
    ['pop3', pop3Language],
    ['imap', imapLanguage],
  ] as const) {
    monaco.languages.register({ id });
    monaco.languages.setMonarchTokensProvider(id, language);
  }
  // The built-in themes, with the page's surface and a placeholder that passes WCAG AA contrast.
  monaco.editor.defineTheme('smtp-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#ffffff', 'editor.placeholder.foreground': '#5f6670' },
  });
  monaco.editor.defineTheme('smtp-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#1d2026', 'editor.placeholder.foreground': '#a5acb8' },
  });
}

const KIND = {
  command: monaco.languages.CompletionItemKind.Keyword,
  parameter: monaco.languages.CompletionItemKind.Property,
  address: monaco.languages.CompletionItemKind.Reference,
} as const;

const SEVERITY = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
} as const;

const MAX_LINES = 10;

export function createConsole(
  container: HTMLElement,
  host: ConsoleHost,
  options: { theme: string; value: string; ariaLabel: string },
): ConsoleEditor {
  registerLanguages();
  const disposables: monaco.IDisposable[] = [];
  const model = monaco.editor.createModel(options.value, SMTP);
  const editor = monaco.editor.create(container, {
    model,
    theme: options.theme,
    ariaLabel: options.ariaLabel,
    placeholder: host.placeholder,
    automaticLayout: true,
    minimap: { enabled: false },
    lineNumbers: 'off',
    glyphMargin: false,
    folding: false,
    lineDecorationsWidth: 8,
    lineNumbersMinChars: 0,
    renderLineHighlight: 'none',
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    scrollBeyondLastLine: false,
    wordWrap: 'on',
    fontSize: 14,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
    // Enter sends; Tab (or a click) takes a suggestion.
    acceptSuggestionOnEnter: 'off',
    quickSuggestions: { other: true, comments: false, strings: true },
    wordBasedSuggestions: 'off',
    suggest: { showWords: false, snippetsPreventQuickSuggestions: false },
    // Tab leaves the console (no keyboard trap); Ctrl+M switches it back.
    tabFocusMode: true,
    fixedOverflowWidgets: true,
    contextmenu: false,
    padding: { top: 4, bottom: 4 },
  });
  const dataMode = editor.createContextKey<boolean>('smtpDataMode', false);

  const session = () => host.session();
  const lines = () => model.getLinesContent();
  const setLines = (rest: readonly string[]) => {
    model.setValue(rest.join('\n'));
    // An emptied editor has its caret at the start already (the usual Enter: one step less).
    if (rest.length && rest[0] !== '')
      editor.setPosition({ lineNumber: 1, column: model.getLineMaxColumn(1) });
  };
  const hideSuggest = () => editor.trigger('console', 'hideSuggestWidget', null);

  /** Sends every line of the buffer as one chunk (pipelining, or a whole message). */
  const sendAll = () => {
    let all = lines();
    if (all.length > 1 && all.at(-1) === '') all = all.slice(0, -1);
    if (all.length === 1 && all[0] === '' && host.inData) return;
    if (!host.inData) for (const l of all) host.history.push(l);
    hideSuggest();
    host.sendLines(all);
    setLines([]);
  };

  /** `suggesting`: the suggest widget is open (hiding it when it is not costs a storage read). */
  const onEnter = (suggesting: boolean) => {
    if (host.inputClosed()) return;
    const all = lines();
    const at = editor.getPosition()?.lineNumber ?? 1;
    if (host.inData) {
      // The message goes out when Enter is pressed on the line holding only "."; a raw line
      // (`!raw ...`) goes out at once, with the text above it, as from the plain input.
      const line = all[at - 1] ?? '';
      if (contentLine(line) === 'end' || isRawLine(line)) {
        if (suggesting) hideSuggest();
        host.sendLines(all.slice(0, at));
        setLines(all.slice(at));
      } else {
        editor.trigger('keyboard', 'type', { text: '\n' });
      }
      return;
    }
    const line = all[at - 1] ?? '';
    host.history.push(line);
    if (suggesting) hideSuggest();
    host.send(line);
    setLines(all.filter((_, i) => i !== at - 1));
  };

  editor.addCommand(monaco.KeyCode.Enter, () => onEnter(false), '!suggestWidgetVisible');
  editor.addCommand(monaco.KeyCode.Enter, () => onEnter(true), 'suggestWidgetVisible');
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, sendAll);
  // Alt+Enter starts another line without sending: a group for Shift+Enter.
  editor.addCommand(monaco.KeyMod.Alt | monaco.KeyCode.Enter, () =>
    editor.trigger('keyboard', 'type', { text: '\n' }),
  );
  editor.addCommand(
    monaco.KeyCode.UpArrow,
    () => {
      if ((editor.getPosition()?.lineNumber ?? 1) > 1)
        return editor.trigger('keyboard', 'cursorUp', null);
      const older = host.history.up(model.getValue());
      if (older !== null) setLines([older]);
    },
    '!suggestWidgetVisible && !smtpDataMode',
  );
  editor.addCommand(
    monaco.KeyCode.DownArrow,
    () => {
      if ((editor.getPosition()?.lineNumber ?? 1) < model.getLineCount())
        return editor.trigger('keyboard', 'cursorDown', null);
      const newer = host.history.down();
      if (newer !== null) setLines([newer]);
    },
    '!suggestWidgetVisible && !smtpDataMode',
  );

  // Pasting several lines sends them as one chunk (a message: once it holds its ".").
  disposables.push(
    editor.onDidPaste((e) => {
      if (e.range.startLineNumber === e.range.endLineNumber) return;
      if (host.inputClosed()) return;
      if (host.inData && !lines().some((l) => contentLine(l) === 'end' || isRawLine(l))) return;
      queueMicrotask(sendAll);
    }),
  );

  // The editor grows with its content, up to MAX_LINES lines. Only when the number of lines
  // changes: editor.layout() reads the container's size and renders the editor synchronously,
  // which on every keystroke and every Enter was the largest part of Enter-to-paint.
  let fitted = 0;
  const fit = () => {
    const count = Math.min(Math.max(model.getLineCount(), 1), MAX_LINES);
    if (count === fitted) return;
    fitted = count;
    const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
    container.style.height = `${count * lineHeight + 8}px`;
    editor.layout();
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const updateMarkers = () => {
    // POP3 and IMAP lines get no SMTP diagnostics.
    if (host.reader()) return monaco.editor.setModelMarkers(model, 'smtp', []);
    const s = session();
    const all = lines();
    const cursor = editor.getPosition();
    const found = diagnose(s, all).filter((d) => {
      // The console adds the dot itself: the server removes only that one.
      if (s.inData && host.stuffing && !isRawLine(all[d.line - 1]!)) return false;
      // A verb being typed is not yet an error.
      if (s.inData || d.code !== 500 || d.line !== cursor?.lineNumber) return true;
      const typed = all[d.line - 1]!.trim().toUpperCase();
      return !VERBS.some((v) => v.startsWith(typed));
    });
    monaco.editor.setModelMarkers(
      model,
      'smtp',
      found.map((d) => ({
        startLineNumber: d.line,
        endLineNumber: d.line,
        startColumn: d.startColumn,
        endColumn: d.endColumn,
        severity: SEVERITY[d.severity],
        message: d.message,
        source: 'smtp',
        ...(d.code ? { code: String(d.code) } : {}),
      })),
    );
  };
  const scheduleMarkers = () => {
    clearTimeout(timer);
    timer = setTimeout(updateMarkers, 250);
  };
  disposables.push(
    model.onDidChangeContent(() => {
      fit();
      scheduleMarkers();
      host.keepDraft(model.getValue());
    }),
  );

  const toItem = (s: Suggestion, lineNumber: number): monaco.languages.CompletionItem => ({
    label: s.label,
    kind: KIND[s.kind],
    insertText: s.insertText,
    ...(s.snippet
      ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet }
      : {}),
    detail: s.detail,
    documentation: { value: s.documentation },
    range: new monaco.Range(lineNumber, s.startColumn, lineNumber, s.endColumn),
  });

  disposables.push(
    monaco.languages.registerCompletionItemProvider(SMTP, {
      triggerCharacters: ['<', ' '],
      provideCompletionItems(m, position) {
        if (m !== model) return { suggestions: [] };
        const before = m.getLineContent(position.lineNumber).slice(0, position.column - 1);
        const found = suggestionsAt(session(), before);
        return {
          // Keep the machine's order (the dialect's command order).
          suggestions: found.map((s, i) => ({
            ...toItem(s, position.lineNumber),
            sortText: String(i).padStart(3, '0'),
          })),
        };
      },
    }),
    ...(['pop3', 'imap'] as const).map((id) =>
      monaco.languages.registerCompletionItemProvider(id, {
        triggerCharacters: [' '],
        provideCompletionItems(m, position) {
          const reader = host.reader();
          if (m !== model || !reader) return { suggestions: [] };
          const before = m.getLineContent(position.lineNumber).slice(0, position.column - 1);
          return {
            suggestions: readerSuggestions(reader, before).map((s, i) => ({
              ...toItem(s, position.lineNumber),
              sortText: String(i).padStart(3, '0'),
            })),
          };
        },
      }),
    ),
    monaco.languages.registerHoverProvider(SMTP, {
      provideHover(m, position) {
        const info = hoverAt(
          session().dialect,
          m.getLineContent(position.lineNumber),
          position.column,
        );
        if (!info) return null;
        return {
          range: new monaco.Range(
            position.lineNumber,
            info.startColumn,
            position.lineNumber,
            info.endColumn,
          ),
          contents: info.contents.map((value) => ({ value })),
        };
      },
    }),
  );

  let shown: { readOnly: boolean; placeholder: string } | null = null;
  const sync = () => {
    const reader = host.reader();
    const language = reader ? reader.protocol : host.inData ? SMTP_DATA : SMTP;
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    dataMode.set(host.inData);
    const options = {
      readOnly: host.inputClosed(),
      placeholder: host.placeholder,
    };
    // updateOptions deep-clones every option of the editor: only when one of these changed.
    if (options.readOnly !== shown?.readOnly || options.placeholder !== shown.placeholder) {
      shown = options;
      editor.updateOptions(options);
    }
    // The markers in the task after this one: sync runs in the update that puts the reply in
    // the page, which they need not delay.
    clearTimeout(timer);
    timer = setTimeout(updateMarkers, 0);
  };
  sync();
  fit();
  // Text carried over from the plain input: the caret goes on at its end.
  const last = model.getLineCount();
  editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });

  return {
    sync,
    setTheme: (theme) => monaco.editor.setTheme(theme),
    focus: () => editor.focus(),
    clear: () => setLines([]),
    dispose() {
      clearTimeout(timer);
      for (const d of disposables) d.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
