;;; e2e.el --- End-to-end: Emacs with eglot and markdown-mode against the real server.  -*- lexical-binding: t -*-
;; Run by tests/emacs/run.sh:
;;   emacs --batch -l tests/emacs/e2e.el <factline binary> <workdir>
;; Configured as the README's Emacs section says, with nothing else.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'markdown-mode)
(require 'cl-lib)

(defvar e2e-bin (expand-file-name (nth 0 command-line-args-left)))
(defvar e2e-work (nth 1 command-line-args-left))
(setq command-line-args-left nil)
(defvar e2e-failures 0)

(defun e2e-check (ok what)
  (unless ok (setq e2e-failures (1+ e2e-failures)))
  (princ (format "%s %s\n" (if ok "ok  " "FAIL") what)))

(defun e2e-wait (what pred)
  "Wait up to 20 s for PRED, letting the server's messages in; check it."
  (let ((deadline (+ (float-time) 20)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; Batch Emacs is never idle, so the idle timers that send eglot's changes and
      ;; start flymake never fire: do their work here.
      (when (eglot-managed-p) (eglot--signal-textDocument/didChange))
      (when (bound-and-true-p flymake-mode) (flymake-start nil t)))
    (e2e-check ok what)
    ok))

;; The README's configuration, with the binary under test.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs `(markdown-mode . (,e2e-bin "lsp"))))

(defun e2e-diagnostics ()
  "This buffer's factline diagnostics as (LINE . CODE), sorted by line."
  (sort (cl-loop for d in (flymake-diagnostics)
                 collect (cons (line-number-at-pos (flymake-diagnostic-beg d))
                               (flymake-diagnostic-type d)))
        (lambda (a b) (< (car a) (car b)))))

(defun e2e-goto-line (n)
  (goto-char (point-min))
  (forward-line (1- n)))

(let ((note (expand-file-name "note.md" e2e-work)))
  (with-temp-file note
    (insert "---\nas_of: 2026-06-01\n---\n# The CSTO\n\n"
            "Uzbekistan is a member of the CSTO.\n\n"
            "The CSTO was founded in 1992.\n"))
  (find-file note)
  (e2e-check (derived-mode-p 'markdown-mode) "the note opens in markdown-mode")
  ;; What `eglot-ensure' does on the first command, which batch mode never runs.
  (apply #'eglot (eglot--guess-contact))
  (e2e-wait "eglot connects to factline" (lambda () (eglot-current-server)))
  (e2e-wait "diagnostics arrive on lines 6 and 8"
            (lambda () (equal (mapcar #'car (e2e-diagnostics)) '(6 8))))
  (e2e-check (equal (mapcar #'cdr (e2e-diagnostics)) '(eglot-warning eglot-error))
             (format "outdated is a warning, contradicted an error: %S" (e2e-diagnostics)))
  (let ((messages (mapconcat #'flymake-diagnostic-text (flymake-diagnostics) "\n")))
    (e2e-check (string-match-p "2012" messages) "the outdated message says when it ended"))

  (e2e-goto-line 6)
  (forward-char 2)
  (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (value (or (plist-get (plist-get hover :contents) :value) "")))
    (e2e-check (string-match-p "factline: outdated" value) "hover names the verdict")
    (e2e-check (string-match-p "](http" value) "hover cites a source as a link"))

  ;; The code-action menu, as from the keyboard, answered with its default: the preferred fix.
  (e2e-goto-line 6)
  (cl-letf ((last-nonmenu-event ?\r)
            ((symbol-function 'completing-read)
             (lambda (_prompt _table &optional _pred _req _init _hist default &rest _)
               default)))
    (eglot-code-actions (line-beginning-position) (line-end-position) nil t))
  (e2e-goto-line 6)
  (let ((line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
    (e2e-check (equal line "Uzbekistan was a member of the CSTO until 2012.")
               (format "the default code action fixes the line: %s" line)))
  (e2e-wait "the fixed line's diagnostic goes away"
            (lambda () (equal (mapcar #'car (e2e-diagnostics)) '(8))))

  (e2e-goto-line 8)
  (delete-region (line-beginning-position) (line-end-position))
  (insert "The CSTO was founded in 2002.")
  (e2e-wait "editing the last claim clears the diagnostics"
            (lambda () (null (e2e-diagnostics))))
  (set-buffer-modified-p nil)
  (eglot-shutdown (eglot-current-server)))

(princ (if (zerop e2e-failures) "all passed\n" (format "%d failed\n" e2e-failures)))
(kill-emacs (if (zerop e2e-failures) 0 1))
