"use client";

import { sql, StandardSQL } from "@codemirror/lang-sql";
import { Compartment, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { basicSetup, EditorView } from "codemirror";
import { useEffect, useRef } from "react";

interface SqlEditorProps {
  initialValue: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  /** Tables and their columns, for completion. */
  schema: Record<string, string[]>;
}

/**
 * The Explore page's SQL editor: CodeMirror 6 with SQL highlighting and
 * completion of the views' columns. Uncontrolled: it owns its text and
 * reports changes (rewriting the document on every keystroke would reset
 * the cursor). Loaded by next/dynamic, so only this page downloads it.
 */
export default function SqlEditor({ initialValue, onChange, onRun, schema }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  // The latest callbacks, read by the editor's handlers (made once).
  const callbacks = useRef({ onChange, onRun });
  useEffect(() => {
    callbacks.current = { onChange, onRun };
  });

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      doc: initialValue,
      extensions: [
        basicSetup,
        language.current.of(sql({ dialect: StandardSQL, upperCaseKeywords: true })),
        Prec.highest(
          keymap.of([
            {
              key: "Mod-Enter",
              run: () => {
                callbacks.current.onRun();
                return true;
              },
            },
          ]),
        ),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": "SQL query", "data-testid": "explore-sql" }),
      ],
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; its text is its own from then on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(sql({ dialect: StandardSQL, upperCaseKeywords: true, schema })) });
  }, [schema]);

  return <div ref={host} className="explore-editor" />;
}
