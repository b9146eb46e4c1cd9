import{n as a,o as b,p as c,q as d}from"./chunk-7TTLNFVE.js";import"./chunk-MVZI5CTT.js";export{b as href,a as parse,d as render,c as setParams};
