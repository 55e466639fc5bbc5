import {h,render} from 'preact'; import {useState,useRef,useEffect} from 'preact/hooks'; window.x=[h,render,useState,useRef,useEffect]
