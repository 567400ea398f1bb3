#!/usr/bin/env node
import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenDatapact } from "./plugin.js";

runNodeJs(protocGenDatapact);
