// A small promise wrapper around IndexedDB, for the Library (web/library.js).
//
// IndexedDB commits a transaction as soon as control returns to the event
// loop with no request pending, so a transaction must never wait for
// anything else (a fetch, a Go call, a timer). Every method here therefore
// opens its own transaction, issues all its requests synchronously, and
// resolves only when the transaction has *completed* (is durable), or
// rejects with the transaction's error (for example QuotaExceededError) —
// in which case nothing of it was written. Batches (write) are atomic.
//
//   const db = await HebbDB.open('name', 1, (idb, oldVersion) => { ...createObjectStore... });
//   await db.put('store', value);            // the value's key
//   await db.get('store', key);              // undefined if absent
//   await db.getAll('store');                // every value, in key order
//   await db.delete('store', key);
//   await db.write([{store, put: value}, {store, delete: key}, ...]);  // one transaction
//   await db.count('store');
//   db.close();
'use strict';

(function () {
  // promised resolves with a request's result.
  function promised(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  // done resolves with value when the transaction completes, and rejects
  // with its error when it aborts.
  function done(tx, value) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(typeof value === 'function' ? value() : value);
      tx.onabort = () => reject(tx.error || new DOMException('The transaction was aborted', 'AbortError'));
      tx.onerror = (e) => e.preventDefault(); // reported once, by onabort
    });
  }

  class DB {
    constructor(idb) {
      this.idb = idb;
      // Another tab upgrading the schema: let it, and stop using this one.
      idb.onversionchange = () => { idb.close(); this.closed = true; };
    }

    tx(stores, mode) {
      if (this.closed) throw new DOMException('The database was closed', 'InvalidStateError');
      return this.idb.transaction(stores, mode);
    }

    get(store, key) {
      const tx = this.tx(store, 'readonly');
      let out;
      tx.objectStore(store).get(key).onsuccess = (e) => { out = e.target.result; };
      return done(tx, () => out);
    }

    getAll(store) {
      const tx = this.tx(store, 'readonly');
      let out = [];
      tx.objectStore(store).getAll().onsuccess = (e) => { out = e.target.result; };
      return done(tx, () => out);
    }

    count(store) {
      const tx = this.tx(store, 'readonly');
      let out = 0;
      tx.objectStore(store).count().onsuccess = (e) => { out = e.target.result; };
      return done(tx, () => out);
    }

    put(store, value) {
      const tx = this.tx(store, 'readwrite');
      let key;
      tx.objectStore(store).put(value).onsuccess = (e) => { key = e.target.result; };
      return done(tx, () => key);
    }

    delete(store, key) {
      const tx = this.tx(store, 'readwrite');
      tx.objectStore(store).delete(key);
      return done(tx);
    }

    // write applies a list of operations ({store, put: value} or
    // {store, delete: key}) in one transaction: all or nothing.
    write(ops) {
      const stores = [...new Set(ops.map((o) => o.store))];
      if (!stores.length) return Promise.resolve();
      const tx = this.tx(stores, 'readwrite');
      const p = done(tx);
      try {
        for (const o of ops) {
          const s = tx.objectStore(o.store);
          if ('put' in o) s.put(o.put);
          else if ('delete' in o) s.delete(o.delete);
          else throw new TypeError('db.write: an operation needs put or delete');
        }
      } catch (err) {
        // A bad value (no key, not cloneable) throws synchronously: undo
        // whatever was issued before it.
        try { tx.abort(); } catch { /* already finished */ }
        p.catch(() => {});
        return Promise.reject(err);
      }
      return p;
    }

    close() { this.closed = true; this.idb.close(); }
  }

  // open opens (creating or upgrading) a database. It rejects when the
  // browser has no IndexedDB, refuses it (some private windows), or the
  // open stays blocked for longer than timeoutMs (another tab holds an old
  // version open). A slow open (a busy machine) is waited for.
  function open(name, version, upgrade, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      let idb;
      try {
        idb = window.indexedDB;
      } catch (err) {
        reject(err);
        return;
      }
      if (!idb) {
        reject(new DOMException('This browser offers no IndexedDB', 'NotSupportedError'));
        return;
      }
      let req;
      try {
        req = idb.open(name, version);
      } catch (err) {
        reject(err);
        return;
      }
      let timer = null;
      req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion, req.transaction);
      req.onsuccess = () => { clearTimeout(timer); resolve(new DB(req.result)); };
      req.onerror = (e) => { clearTimeout(timer); e.preventDefault(); reject(req.error); };
      // Another tab holds an older version open: give it timeoutMs to close.
      req.onblocked = () => {
        timer = setTimeout(() => reject(new DOMException('Another tab keeps an older version of the database open', 'TimeoutError')), timeoutMs);
      };
    });
  }

  // deleteDatabase removes a database (tests).
  function deleteDatabase(name) {
    return promised(window.indexedDB.deleteDatabase(name));
  }

  window.HebbDB = { open, deleteDatabase };
})();
